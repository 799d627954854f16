"""The state machine: every valid transition, and every invalid pair refused."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.errors import Forbidden, InvalidInput
from marketplace.suppliers.models import VerificationState as S
from marketplace.verification import services
from marketplace.verification.machine import TRANSITIONS, Action, InvalidTransition, next_state
from tests.factories import make_supplier, make_user
from tests.verification.helpers import make_document

VALID = {
    (S.PENDING, Action.SUBMIT): S.PENDING,
    (S.REJECTED, Action.SUBMIT): S.PENDING,
    (S.PENDING, Action.APPROVE): S.VERIFIED,
    (S.PENDING, Action.REJECT): S.REJECTED,
    (S.VERIFIED, Action.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, Action.RESTORE): S.VERIFIED,
    (S.VERIFIED, Action.WITHDRAW): S.PENDING,
}
INVALID = [p for p in itertools.product(S, Action) if p not in VALID]


def test_the_table_is_the_documented_one():
    assert dict(TRANSITIONS) == VALID


@pytest.mark.parametrize(("state", "action"), INVALID, ids=lambda v: str(v))
def test_next_state_refuses_an_invalid_pair(state, action):
    with pytest.raises(InvalidTransition):
        next_state(state, action)


@pytest.mark.engine_independent
@pytest.mark.parametrize(("state", "action"), INVALID, ids=lambda v: str(v))
def test_the_service_refuses_an_invalid_pair_and_changes_nothing(session, state, action):
    supplier = make_supplier(session, state=state)
    make_document(session, supplier)
    actor = (
        make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
        if action == Action.SUBMIT
        else make_user(session, Role.OFFICIAL)
    )
    with pytest.raises(InvalidTransition):
        services.transition(session, supplier, action, actor, reason="lý do")
    session.rollback()
    session.refresh(supplier)
    assert supplier.state == state
    assert (
        session.scalars(select(AuditEvent).where(AuditEvent.entity == "verification")).all() == []
    )


@pytest.mark.parametrize(
    ("state", "action"), [p for p in VALID if p[1] != Action.WITHDRAW], ids=lambda v: str(v)
)
def test_each_valid_transition_moves_records_and_audits(session, state, action):
    supplier = make_supplier(session, state=state)
    make_document(session, supplier)
    actor = (
        make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
        if action == Action.SUBMIT
        else make_user(session, Role.OFFICIAL)
    )
    services.transition(session, supplier, action, actor, reason="Giấy phép hết hạn")
    session.expire_all()
    assert supplier.state == VALID[(state, action)]
    event = supplier.events[-1]
    assert (event.from_state, event.to_state, event.action, event.actor_id) == (
        state.value,
        VALID[(state, action)].value,
        action.value,
        actor.id,
    )
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity == "verification")).one()
    assert audit.entity == "verification" and audit.entity_id == str(supplier.id)
    assert audit.actor_id == actor.id and audit.note == "Giấy phép hết hạn"
    assert audit.before["state"] == state.value
    assert audit.after["state"] == VALID[(state, action)].value


def test_withdraw_is_not_an_action_anyone_chooses(session):
    supplier = make_supplier(session)
    with pytest.raises(InvalidTransition):
        services.transition(session, supplier, Action.WITHDRAW, make_user(session, Role.OFFICIAL))


@pytest.mark.parametrize("action", [Action.REJECT, Action.SUSPEND, Action.RESTORE])
def test_reject_suspend_and_restore_need_a_reason(session, action):
    state = {Action.REJECT: S.PENDING, Action.SUSPEND: S.VERIFIED, Action.RESTORE: S.SUSPENDED}[
        action
    ]
    supplier = make_supplier(session, state=state)
    with pytest.raises(InvalidInput) as exc:
        services.transition(session, supplier, action, make_user(session, Role.OFFICIAL), "  ")
    assert "reason" in exc.value.errors
    session.refresh(supplier)
    assert supplier.state == state


def test_approval_dates_the_check_and_takes_the_supplier_out_of_the_queue(session):
    supplier = make_supplier(session, state=S.PENDING)
    make_document(session, supplier)
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    services.submit(session, staff, supplier)
    assert supplier.submitted_at is not None and supplier.verified_at is None
    services.transition(session, supplier, Action.APPROVE, make_user(session, Role.OFFICIAL))
    assert supplier.verified_at is not None and supplier.submitted_at is None


def test_rejection_keeps_the_reason_for_the_supplier(session):
    supplier = make_supplier(session, state=S.PENDING)
    services.transition(
        session, supplier, Action.REJECT, make_user(session, Role.OFFICIAL), "Thiếu GCN ĐKKD"
    )
    assert supplier.state_reason == "Thiếu GCN ĐKKD"


def test_submission_needs_a_document(session):
    supplier = make_supplier(session, state=S.PENDING)
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    with pytest.raises(InvalidInput) as exc:
        services.submit(session, staff, supplier)
    assert "documents" in exc.value.errors


def test_a_waiting_request_cannot_be_submitted_twice(session):
    supplier = make_supplier(session, state=S.PENDING)
    make_document(session, supplier)
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    services.submit(session, staff, supplier)
    first = supplier.submitted_at
    with pytest.raises(InvalidTransition):
        services.submit(session, staff, supplier)
    assert supplier.submitted_at == first


@pytest.mark.parametrize("role", [Role.BUYER, Role.SUPPLIER_STAFF])
def test_only_officials_decide(session, role):
    supplier = make_supplier(session, state=S.PENDING)
    user = make_user(session, role, supplier=supplier if role == Role.SUPPLIER_STAFF else None)
    with pytest.raises(Forbidden):
        services.transition(session, supplier, Action.APPROVE, user)


def test_another_suppliers_staff_cannot_submit(session):
    supplier = make_supplier(session, state=S.PENDING)
    make_document(session, supplier)
    other = make_user(session, Role.SUPPLIER_STAFF, supplier=make_supplier(session))
    with pytest.raises(Forbidden):
        services.submit(session, other, supplier)


def test_approving_without_documents_needs_a_word_on_how_it_was_checked(session):
    supplier = make_supplier(session, state="pending")
    official = make_user(session, Role.OFFICIAL)
    with pytest.raises(InvalidInput) as exc:
        services.transition(session, supplier, Action.APPROVE, official)
    assert "reason" in exc.value.errors
    session.refresh(supplier)
    assert supplier.state == S.PENDING
    services.transition(session, supplier, Action.APPROVE, official, "Giấy tờ gốc xem tại Sở")
    assert supplier.state == S.VERIFIED and supplier.state_reason == "Giấy tờ gốc xem tại Sở"


def test_a_document_under_review_cannot_be_removed_by_the_supplier(session):
    from marketplace.errors import Conflict
    from marketplace.verification import documents

    supplier = make_supplier(session, state="pending")
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    doc = make_document(session, supplier)
    services.transition(session, supplier, Action.SUBMIT, staff)
    with pytest.raises(Conflict):
        documents.remove_document(session, staff, doc.id)
    services.transition(session, supplier, Action.REJECT, make_user(session, Role.OFFICIAL), "Mờ")
    documents.remove_document(session, staff, doc.id)  # the review is over


def test_officials_are_told_in_app_when_a_request_arrives(session):
    from marketplace.notifications.models import Notification

    supplier = make_supplier(session, state="pending", name="Công ty Gửi Đề Nghị")
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    official = make_user(session, Role.OFFICIAL)
    make_user(session, Role.BUYER)
    make_document(session, supplier)
    services.transition(session, supplier, Action.SUBMIT, staff)
    notices = session.scalars(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in notices] == [(official.id, "verification.submitted")]
    assert notices[0].link == f"/officials/verification/{supplier.tax_code}"
