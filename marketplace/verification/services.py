"""The verification use cases: staff submit, officials approve, reject, suspend and
restore. One function, `transition`, changes a supplier's state; every change is a
VerificationEvent, an audit event and a notice to the supplier's staff."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.db import utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.imports.batches import CLI_ACTOR
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.verification import notices, queries
from marketplace.verification.machine import (
    AUDIT_ACTION,
    OFFICIAL_ACTIONS,
    REASON_REQUIRED,
    TRANSITIONS,
    Action,
    InvalidTransition,
    next_state,
    official_action_to,
)
from marketplace.verification.models import VerificationDocument

REASON_MAX = 2000


def require_supplier(session: Session, tax_code: str) -> Supplier:
    supplier = session.scalar(select(Supplier).where(Supplier.tax_code == tax_code.strip()))
    if supplier is None:
        raise NotFound(_("No supplier with tax code %(code)s.", code=tax_code))
    return supplier


def transition(
    session: Session,
    supplier: Supplier,
    action: Action,
    actor: User | None,
    reason: str = "",
) -> VerificationEvent:
    """Apply `action` to the supplier and commit, then e-mail its staff.

    Officials' actions need `permissions.require_official`; a submission needs the
    supplier's own staff (or an official) and at least one document, and is refused
    while one is already waiting. Raises Forbidden, InvalidInput (a reason is required
    to reject or suspend), InvalidTransition (the action does not apply to the state)."""
    if action in OFFICIAL_ACTIONS:
        permissions.require_official(actor)
    elif action == Action.SUBMIT:
        permissions.require_edit_supplier(actor, supplier)
    else:
        raise InvalidTransition(supplier.state, action)
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        message = _("Give the reason: the supplier sees it and needs it to put things right.")
        raise InvalidInput(message, {"reason": message})
    if len(reason) > REASON_MAX:
        message = _("At most %(max)d characters.", max=REASON_MAX)
        raise InvalidInput(message, {"reason": message})
    if action == Action.SUBMIT:
        _check_submission(session, supplier)
    if (
        action == Action.APPROVE
        and (supplier.state, action) in TRANSITIONS
        and not reason
        and not _has_documents(session, supplier)
    ):
        # Registries migrated from paper have no files here: the official says how.
        message = _(
            "No document is attached: say how the supplier was checked (for example, "
            "papers seen at the Department)."
        )
        raise InvalidInput(message, {"reason": message})
    event, told = apply(session, supplier, action, actor, reason)
    session.commit()
    notices.mail_staff(told)
    return event


def _has_documents(session: Session, supplier: Supplier) -> bool:
    return bool(queries.count_documents(session, [supplier.id]))


def _check_submission(session: Session, supplier: Supplier) -> None:
    if supplier.state == VerificationState.PENDING and supplier.submitted_at is not None:
        raise InvalidTransition(
            supplier.state,
            Action.SUBMIT,
            _("The profile is already waiting for review; the Department will answer."),
        )
    documents = session.scalar(
        select(func.count(VerificationDocument.id)).where(
            VerificationDocument.supplier_id == supplier.id
        )
    )
    if not documents:
        message = _("Attach at least one document (such as the business registration).")
        raise InvalidInput(message, {"documents": message})


def apply(
    session: Session,
    supplier: Supplier,
    action: Action,
    actor: User | None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
) -> tuple[VerificationEvent, notices.Told]:
    """Move the supplier through `action` in the caller's transaction (no commit, no
    permission check): the history event, the audit event and the in-app notices.
    Returns the event and whom to e-mail after the commit (notices.mail_staff)."""
    old = VerificationState(supplier.state)
    new = next_state(old, action)
    audit.act_as(session, actor)
    before = _snapshot(supplier)
    now = utcnow()
    supplier.state = new
    if action in (Action.SUBMIT, Action.WITHDRAW):
        supplier.submitted_at = now
    elif action in (Action.APPROVE, Action.RESTORE):
        supplier.verified_at = now
        supplier.submitted_at = None
    elif action == Action.REJECT:
        supplier.submitted_at = None
    if action != Action.SUBMIT:
        supplier.state_reason = reason or None
    event = VerificationEvent(
        from_state=old.value,
        to_state=new.value,
        actor=actor.email if actor else CLI_ACTOR,
        actor_id=actor.id if actor else None,
        note=reason or None,
        action=action.value,
        changes=dict(changes) if changes else None,
    )
    supplier.events.append(event)
    audit.record(
        session,
        actor,
        "verification",
        supplier.id,
        AUDIT_ACTION[action],
        before,
        _snapshot(supplier),
        note=reason or None,
    )
    told = notices.notify_staff(session, supplier, action, reason, changes)
    notices.notify_officials(session, supplier, action)
    return event, told


def _snapshot(supplier: Supplier) -> dict[str, Any]:
    return {
        "state": VerificationState(supplier.state).value,
        "submitted_at": supplier.submitted_at,
        "verified_at": supplier.verified_at,
        "state_reason": supplier.state_reason,
    }


def submit(session: Session, user: User, supplier: Supplier) -> VerificationEvent:
    """The supplier's staff ask for a (new) review."""
    return transition(session, supplier, Action.SUBMIT, user)


def verify_as(
    session: Session, official: User, supplier: Supplier, target: VerificationState, note: str
) -> VerificationEvent | None:
    """Move the supplier to `target` by the officials' action that leads there (the
    command line names states, not actions); None when it is already there."""
    if supplier.state == target:
        permissions.require_official(official)
        return None
    action = official_action_to(supplier.state, target)
    return transition(session, supplier, action, official, note)


def find_official(session: Session, email: str) -> User:
    """The active official with this e-mail address; NotFound otherwise."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or not user.is_official:
        raise NotFound(_("%(email)s is not an official's account.", email=email))
    return user
