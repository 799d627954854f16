"""Supplier use cases: create and edit a company profile, change verification state."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.suppliers.fields import SUPPLIER_COLUMNS, clean_supplier
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.verification import material, notices


def get_supplier_by_tax_code(session: Session, tax_code: str) -> Supplier | None:
    return session.scalar(select(Supplier).where(Supplier.tax_code == tax_code.strip()))


def require_supplier(session: Session, tax_code: str) -> Supplier:
    supplier = get_supplier_by_tax_code(session, tax_code)
    if supplier is None:
        raise NotFound(_("No supplier with tax code %(code)s.", code=tax_code))
    return supplier


def apply_supplier_values(supplier: Supplier, values: Mapping[str, object]) -> None:
    for col in SUPPLIER_COLUMNS:
        if col in values:
            setattr(supplier, col, values[col])


def create_supplier(session: Session, user: User, raw: Mapping[str, str | None]) -> Supplier:
    """Create the company profile of a supplier-staff user who has none yet; it starts
    `pending`. Raises Forbidden, InvalidInput (per-field errors), Conflict (tax code taken)."""
    permissions.require_create_supplier(user)
    cleaned = clean_supplier(raw)
    if cleaned.errors:
        raise InvalidInput(_("Please correct the marked fields."), cleaned.errors)
    if get_supplier_by_tax_code(session, str(cleaned.values["tax_code"])):
        raise Conflict(
            _(
                "A company with this tax code is already registered. If you work there, "
                "ask a colleague who manages its profile to invite you (Invitations page), "
                "or ask the Department of Industry and Trade to link your account to it."
            )
        )
    supplier = Supplier(state=VerificationState.PENDING)
    apply_supplier_values(supplier, cleaned.values)
    supplier.events.append(
        VerificationEvent(from_state=None, to_state="pending", actor=user.email, note="registered")
    )
    session.add(supplier)
    session.flush()
    user.supplier_id = supplier.id
    session.commit()
    return supplier


def update_supplier(
    session: Session, user: User, supplier: Supplier, raw: Mapping[str, str | None]
) -> Supplier:
    """Edit a profile. The tax code cannot change (it is the registry key). A change
    to a verified field of a verified supplier withdraws its badge (back to the queue)."""
    permissions.require_edit_supplier(user, supplier)
    cleaned = clean_supplier({**raw, "tax_code": supplier.tax_code})
    if cleaned.errors:
        raise InvalidInput(_("Please correct the marked fields."), cleaned.errors)
    values = dict(cleaned.values)
    values.pop("tax_code", None)
    before = material.snapshot(supplier)
    apply_supplier_values(supplier, values)
    told = material.withdraw_if_changed(session, supplier, user, before)
    session.commit()
    if told is not None:
        notices.mail_staff(told)
    return supplier


def set_verification_state(
    session: Session, supplier: Supplier, state: VerificationState, actor: str, note: str = ""
) -> None:
    """Move a supplier to `state`, keeping the change in its history. Demo data and
    tests only: people go through marketplace.verification.services (the state machine,
    with permissions, audit and notices)."""
    if supplier.state == state:
        return
    supplier.events.append(
        VerificationEvent(
            from_state=supplier.state.value, to_state=state.value, actor=actor, note=note or None
        )
    )
    supplier.state = state
    if state == VerificationState.VERIFIED:
        supplier.verified_at = utcnow()
    session.commit()
