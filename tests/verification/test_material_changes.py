"""Changing a verified field withdraws the badge and returns the profile to the
queue, with the change shown to the official: through the form and the import."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.notifications.models import Notification
from marketplace.registry.services import import_registry
from marketplace.suppliers.models import Supplier
from tests.factories import make_supplier, make_user
from tests.verification.helpers import outbox

FORM = {
    "name": "Công ty TNHH Môi trường Thăng Long",
    "name_en": "",
    "ownership": "domestic",
    "province": "Hà Nội",
    "commune": "Phường Cầu Giấy",
}


def _form(supplier, **changes):  # type: ignore[no-untyped-def]
    return {**FORM, "tax_code": supplier.tax_code, "name_en": supplier.name_en or "", **changes}


def test_renaming_through_the_form_withdraws_the_badge(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    staff = login_as("supplier_staff", supplier=supplier)
    response = client.post(
        f"/suppliers/{supplier.tax_code}/edit", data=_form(supplier, name="Công ty Tên Mới")
    )
    assert response.status_code == 302
    session.expire_all()
    supplier = session.get(Supplier, supplier.id)
    assert supplier.state.value == "pending" and supplier.submitted_at is not None
    event = supplier.events[-1]
    assert event.action == "withdraw" and event.actor_id == staff.id
    assert event.changes == {"name": ["Công ty TNHH Môi trường Thăng Long", "Công ty Tên Mới"]}
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity == "verification")).one()
    assert audit.action == "withdrawn"
    assert session.scalars(select(Notification.kind)).all() == ["verification.withdrawn"]
    html = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert "✓ Đã xác minh" not in html
    assert "dấu xác minh bị gỡ cho đến khi Sở kiểm tra lại hồ sơ" in html  # said at once


def test_the_official_sees_the_change_old_to_new(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    from marketplace.suppliers.services import update_supplier

    update_supplier(session, staff, supplier, _form(supplier, province="Bắc Ninh", commune=""))
    login_as("official")
    html = client.get(f"/officials/verification/{supplier.tax_code}").get_data(as_text=True)
    assert "Quay lại hàng chờ: thông tin đã xác minh bị thay đổi" in html
    assert "<del>Hà Nội</del>" in html and "<ins>Bắc Ninh</ins>" in html
    queue = client.get("/officials/verification").get_data(as_text=True)
    assert supplier.name in queue


def test_a_change_to_other_fields_keeps_the_badge(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    login_as("supplier_staff", supplier=supplier)
    client.post(
        f"/suppliers/{supplier.tax_code}/edit",
        data=_form(supplier, description="Mô tả mới", phone="024 3826 1234"),
    )
    session.expire_all()
    assert session.get(Supplier, supplier.id).state.value == "verified"


def test_renaming_in_english_withdraws_the_badge_too(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    login_as("supplier_staff", supplier=supplier)
    client.post(
        f"/suppliers/{supplier.tax_code}/edit",
        data=_form(supplier, name_en="Siemens Energy Vietnam (Official Distributor)"),
    )
    session.expire_all()
    assert session.get(Supplier, supplier.id).state.value == "pending"


def test_a_pending_supplier_changing_its_name_stays_pending_without_event(
    client, session, login_as
):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    client.post(f"/suppliers/{supplier.tax_code}/edit", data=_form(supplier, name="Khác"))
    session.expire_all()
    supplier = session.get(Supplier, supplier.id)
    assert supplier.state.value == "pending" and supplier.events == []


def _csv(rows: list[dict[str, str]]) -> tuple[str, bytes]:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(r[h] for h in header) for r in rows]
    return ("suppliers.csv", ("\n".join(lines) + "\n").encode())


def test_an_import_that_renames_a_verified_supplier_withdraws_its_badge(app, session):
    renamed = make_supplier(session, state="verified", name="Tên Cũ")
    same = make_supplier(session, state="verified", name="Giữ Nguyên")
    pending = make_supplier(session, state="pending", name="Đang Chờ")
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=renamed)
    official = make_user(session, Role.OFFICIAL)
    rows = [
        {
            "tax_code": renamed.tax_code,
            "name": "Tên Mới",
            "province": "Hà Nội",
            "ownership": "domestic",
        },
        {
            "tax_code": same.tax_code,
            "name": "Giữ Nguyên",
            "province": "Hà Nội",
            "ownership": "domestic",
        },
        {
            "tax_code": pending.tax_code,
            "name": "Đổi Tên",
            "province": "Hà Nội",
            "ownership": "domestic",
        },
    ]
    import_registry(session, _csv(rows), actor=official)
    session.expire_all()
    states = {s.id: s.state.value for s in session.scalars(select(Supplier))}
    assert states == {renamed.id: "pending", same.id: "verified", pending.id: "pending"}
    renamed = session.get(Supplier, renamed.id)
    event = renamed.events[-1]
    assert (event.action, event.actor_id, event.changes) == (
        "withdraw",
        official.id,
        {"name": ["Tên Cũ", "Tên Mới"]},
    )
    assert renamed.submitted_at is not None
    assert session.get(Supplier, pending.id).events == []
    audits = session.scalars(select(AuditEvent).where(AuditEvent.entity == "verification")).all()
    assert [(a.entity_id, a.action, a.actor_id) for a in audits] == [
        (str(renamed.id), "withdrawn", official.id)
    ]
    notice = session.scalars(select(Notification)).one()
    assert notice.user_id == staff.id and notice.kind == "verification.withdrawn"
    assert notice.params["fields"] == ["name"]
    # Its staff are e-mailed too, once the import has committed.
    (message,) = outbox(app)
    assert message["To"] == staff.email and "Tên Mới" in message.get_content()


def test_an_import_that_fails_e_mails_no_one(app, session):
    verified = make_supplier(session, state="verified", name="Tên Cũ")
    make_user(session, Role.SUPPLIER_STAFF, supplier=verified)
    rows = [{"tax_code": verified.tax_code, "name": "Tên Mới", "province": "Hà Nội",
             "ownership": "domestic"}]  # fmt: skip
    import_registry(session, _csv(rows), dry_run=True)
    assert outbox(app) == []
