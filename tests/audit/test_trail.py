"""The audit trail: row changes recorded whatever path made them, with the acting
user; a hash chain that detects a row altered, removed or added in the database;
the officials' pages and export; a supplier's own history for its staff."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from sqlalchemy import select, text

from marketplace.audit import chain
from marketplace.audit import services as audit
from marketplace.audit.models import AuditEvent
from marketplace.db import new_session
from tests.factories import make_product, make_supplier, make_user
from tests.registry.test_batches import SUPPLIERS
from tests.suppliers.test_profiles import PROFILE


def _events(session, entity=None):
    session.expire_all()
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    return list(session.scalars(stmt))


def test_an_officials_web_edit_is_recorded_with_the_official(client, session, login_as):
    supplier = make_supplier(session, name="Công ty Cũ")
    official = login_as("official", email="can-bo@so.hanoi.gov.vn")
    before = len(_events(session))
    response = client.post(
        f"/suppliers/{supplier.tax_code}/edit", data={**PROFILE, "name": "Công ty Mới"}
    )
    assert response.status_code == 302
    changed = [e for e in _events(session)[before:] if e.entity == "supplier"]
    assert len(changed) == 1
    event = changed[0]
    assert event.action == "updated" and event.actor_id == official.id
    assert event.actor_label == "can-bo@so.hanoi.gov.vn"
    assert event.before["name"] == "Công ty Cũ" and event.after["name"] == "Công ty Mới"
    assert event.supplier_id == supplier.id
    assert "updated_at" not in event.after


def test_product_changes_belong_to_the_suppliers_history(session):
    supplier = make_supplier(session)
    product = make_product(session, supplier, name="Máy ép bùn")
    session.commit()
    product.name = "Máy ép bùn băng tải"
    session.commit()
    events = _events(session, "product")
    assert [e.action for e in events] == ["created", "updated"]
    assert all(e.supplier_id == supplier.id for e in events)
    assert events[1].before == {"name": "Máy ép bùn"}


def test_a_password_change_is_recorded_without_the_hash(session):
    user = make_user(session, email="a@example.vn")
    session.commit()
    user.password_hash = "$argon2id$secret"
    session.commit()
    event = _events(session, "user")[-1]
    assert event.action == "updated"
    assert event.after == {"password": "(changed)"}
    assert "argon2" not in str(event.before) + str(event.after)


def test_the_chain_is_intact_after_ordinary_work(session):
    supplier = make_supplier(session)
    for i in range(3):
        make_product(session, supplier, name=f"Thiết bị {i}")
        session.commit()
    audit.record(
        session, None, "target", "WW", "updated", {"low": 70}, {"low": 72}, note="Kế hoạch"
    )
    session.commit()
    result = chain.verify(session)
    assert result.ok and result.checked == len(_events(session)) >= 5
    hashes = [e.hash for e in _events(session)]
    assert all(hashes) and len(set(hashes)) == len(hashes)


def _tamper(session, sql, **params):
    session.execute(text(sql), params)
    session.commit()


@pytest.mark.parametrize("how", ["altered", "removed", "added"])
def test_verify_detects_tampering_in_the_database(app, session, how):
    supplier = make_supplier(session)
    for i in range(4):
        make_product(session, supplier, name=f"Bơm định lượng {i}")
        session.commit()
    ids = [e.id for e in _events(session)]
    middle = ids[len(ids) // 2]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    if how == "altered":
        _tamper(
            session, "UPDATE audit_events SET actor_label = 'ke-gian' WHERE id = :id", id=middle
        )
        expected = middle
    elif how == "removed":
        _tamper(session, "DELETE FROM audit_events WHERE id = :id", id=middle)
        expected = ids[ids.index(middle) + 1]
    else:
        _tamper(
            session,
            "INSERT INTO audit_events (id, created_at, actor_label, entity, entity_id, action)"
            " VALUES (:id, CURRENT_TIMESTAMP, 'x', 'supplier', '1', 'deleted')",
            id=ids[-1] + 1,
        )
        expected = ids[-1] + 1
    result = chain.verify(session)
    assert not result.ok and result.problems[0][0] == expected
    out = runner.invoke(args=["audit", "verify"])
    assert out.exit_code == 1 and f"event {expected}" in out.output


def test_an_import_and_its_revert_are_audited(app, session, tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_text(SUPPLIERS, encoding="utf-8")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["registry", "import", str(path)]).exit_code == 0
    batch_events = _events(session, "import_batch")
    assert [e.action for e in batch_events] == ["imported"]
    assert batch_events[0].after["counts"]["supplier"]["created"] >= 1
    assert len(batch_events[0].after["sha256"]) == 64
    batch_id = batch_events[0].entity_id
    assert runner.invoke(args=["registry", "revert", batch_id]).exit_code == 0
    assert [e.action for e in _events(session, "import_batch")] == ["imported", "reverted"]
    assert chain.verify(session).ok


def test_concurrent_writers_keep_one_chain(app, session):
    """Threads recording at once (on PostgreSQL, truly concurrent transactions) never
    chain onto the same predecessor."""
    supplier = make_supplier(session)
    session.commit()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            with app.app_context(), new_session(app) as s:
                for i in range(5):
                    audit.record(s, None, "supplier", supplier.id, "noted", after={"n": n, "i": i})
                    s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = chain.verify(session)
    assert result.ok, result.problems
    assert len([e for e in _events(session) if e.action == "noted"]) == 20


def test_officials_browse_filter_and_export(client, session, login_as):
    supplier = make_supplier(session, name="Công ty Lọc Khí")
    make_product(session, supplier, name='=HYPERLINK("http://x")')
    session.commit()
    login_as("official")
    page = client.get("/officials/audit?entity=product")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "HYPERLINK" in html
    assert "Công ty Lọc Khí" not in html  # the supplier's own event is filtered out
    assert "Công ty Lọc Khí" in client.get("/officials/audit").get_data(as_text=True)
    empty = client.get("/officials/audit?actor=nobody-at-all").get_data(as_text=True)
    assert "Không có sự kiện nào" in empty
    export = client.get("/officials/audit.csv?entity=product")
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 and rows[0]["entity"] == "product"
    assert "'=HYPERLINK" not in rows[0]["after"] or rows[0]["after"].startswith("{")
    event_id = rows[0]["id"]
    detail = client.get(f"/officials/audit/{event_id}")
    assert detail.status_code == 200 and rows[0]["hash"] in detail.get_data(as_text=True)
    assert client.get("/officials/audit/999999").status_code == 404


@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_the_trail_is_for_officials_only(client, session, login_as, role):
    login_as(role)
    assert client.get("/officials/audit").status_code == 403
    assert client.get("/officials/audit.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, session):
    supplier = make_supplier(session)
    for url in ("/officials/audit", f"/suppliers/{supplier.tax_code}/history"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_staff_read_their_own_companys_history(client, session, login_as):
    mine = make_supplier(session, name="Công ty Của Tôi")
    other = make_supplier(session, name="Công ty Khác")
    make_product(session, mine, name="Thùng rác 240 lít")
    make_product(session, other, name="Sản phẩm của người khác")
    official = make_user(session, role="official", email="so@hanoi.gov.vn")
    audit.record(session, official, "verification", mine.id, "rejected", note="Thiếu giấy phép")
    session.commit()
    login_as("supplier_staff", supplier=mine)
    page = client.get(f"/suppliers/{mine.tax_code}/history")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Thùng rác 240 lít" in html and "Sản phẩm của người khác" not in html
    assert "Thiếu giấy phép" in html
    assert "so@hanoi.gov.vn" not in html and "Sở Công Thương" in html
    assert client.get(f"/suppliers/{other.tax_code}/history").status_code == 403


def test_the_command_line_acts_as_a_named_official(app, session, tmp_path):
    official = make_user(session, role="official", email="so@hanoi.gov.vn")
    make_user(session, role="buyer", email="mua@example.vn")
    session.commit()
    path = tmp_path / "suppliers.csv"
    path.write_text(SUPPLIERS, encoding="utf-8")
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["registry", "import", str(path), "--as", "ai@example.vn"])
    assert unknown.exit_code == 1 and "no account with the e-mail ai@example.vn" in unknown.output
    buyer = runner.invoke(args=["registry", "import", str(path), "--as", "mua@example.vn"])
    assert buyer.exit_code == 1 and "not an active official" in buyer.output
    assert not _events(session, "import_batch")
    done = runner.invoke(args=["registry", "import", str(path), "--as", "SO@hanoi.gov.vn"])
    assert done.exit_code == 0, done.output
    event = _events(session, "import_batch")[0]
    assert event.actor_id == official.id and event.actor_label == "so@hanoi.gov.vn"
    revert = ["registry", "revert", event.entity_id, "--yes", "--as", "so@hanoi.gov.vn"]
    assert runner.invoke(args=revert).exit_code == 0
    assert _events(session, "import_batch")[-1].actor_id == official.id


def test_the_profile_links_its_history_for_staff(client, session, login_as):
    supplier = make_supplier(session)
    session.commit()
    url = f"/suppliers/{supplier.tax_code}/history"
    login_as("supplier_staff", supplier=supplier)
    assert url in client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)


def test_the_profile_does_not_link_its_history_for_visitors(client, session):
    supplier = make_supplier(session)
    session.commit()
    url = f"/suppliers/{supplier.tax_code}/history"
    assert url not in client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)


def test_a_documents_events_belong_to_its_supplier_and_read_in_vietnamese(
    client, session, login_as
):
    supplier = make_supplier(session)
    staff = make_user(session, role="supplier_staff", supplier=supplier)
    values = {"supplier_id": supplier.id, "title": "GCN.pdf"}
    audit.record(session, staff, "verification_document", 7, "created", None, values)
    audit.record(session, staff, "verification", supplier.id, "approved", note="Đủ hồ sơ")
    session.commit()
    login_as("official")
    html = client.get(f"/suppliers/{supplier.tax_code}/history").get_data(as_text=True)
    assert "GCN.pdf" in html and "Tài liệu xác minh" in html and "phê duyệt" in html
    assert ">approved<" not in html


def test_the_actor_filter_takes_percent_and_underscore_literally(client, session, login_as):
    make_supplier(session)
    session.commit()
    login_as("official")
    html = client.get("/officials/audit?actor=%25").get_data(as_text=True)
    assert "Không có sự kiện nào" in html
