"""`flask officials verify TAX_CODE --as EMAIL`: the same service, as a named official."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.suppliers.models import Supplier
from tests.factories import make_supplier, make_user


def _run(app, *args):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["officials", "verify", *args])


def test_verify_as_an_official_goes_through_the_state_machine(app, session):
    supplier = make_supplier(session, state="pending")
    official = make_user(session, Role.OFFICIAL)
    result = _run(app, supplier.tax_code, "--as", official.email.upper(), "--note", "đủ hồ sơ")
    assert result.exit_code == 0, result.output
    session.expire_all()
    supplier = session.get(Supplier, supplier.id)
    assert supplier.state.value == "verified" and supplier.verified_at is not None
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity == "verification")).one()
    assert (audit.action, audit.actor_id, audit.note) == ("approved", official.id, "đủ hồ sơ")


def test_reject_by_cli_needs_a_note(app, session):
    supplier = make_supplier(session, state="pending")
    official = make_user(session, Role.OFFICIAL)
    result = _run(app, supplier.tax_code, "--as", official.email, "--state", "rejected")
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert "Give the reason" in result.output  # the command line speaks English


def test_suspend_and_restore_by_cli(app, session):
    supplier = make_supplier(session, state="verified")
    official = make_user(session, Role.OFFICIAL)
    assert (
        _run(
            app,
            supplier.tax_code,
            "--as",
            official.email,
            "--state",
            "suspended",
            "--note",
            "giấy phép hết hạn",
        ).exit_code
        == 0
    )
    assert _run(app, supplier.tax_code, "--as", official.email).exit_code == 1  # no reason
    restored = _run(app, supplier.tax_code, "--as", official.email, "--note", "đã gia hạn")
    assert restored.exit_code == 0
    session.expire_all()
    actions = [e.action for e in session.get(Supplier, supplier.id).events]
    assert actions == ["suspend", "restore"]


def test_an_unknown_email_is_a_one_line_error(app, session):
    supplier = make_supplier(session, state="pending")
    result = _run(app, supplier.tax_code, "--as", "khong-co@example.vn")
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert "khong-co@example.vn" in result.output


def test_a_non_official_email_is_a_one_line_error(app, session):
    supplier = make_supplier(session, state="pending")
    buyer = make_user(session, Role.BUYER)
    result = _run(app, supplier.tax_code, "--as", buyer.email)
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    session.expire_all()
    assert session.get(Supplier, supplier.id).state.value == "pending"


def test_an_impossible_state_change_is_a_one_line_error(app, session):
    supplier = make_supplier(session, state="rejected")
    official = make_user(session, Role.OFFICIAL)
    result = _run(app, supplier.tax_code, "--as", official.email)
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1


def test_as_is_required(app, session):
    supplier = make_supplier(session, state="pending")
    result = _run(app, supplier.tax_code)
    assert result.exit_code == 2 and "--as" in result.output
