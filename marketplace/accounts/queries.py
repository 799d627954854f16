"""Reads for the account pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Invitation, Role, User
from marketplace.suppliers.models import Supplier


def count_active_admins(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True)))
        or 0
    )


def select_users(role: str = "", status: str = "", q: str = "") -> Select[Any]:
    """Accounts, filtered by role, status (active/inactive) and e-mail or name; newest first."""
    stmt = select(User)
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    if status == "active":
        stmt = stmt.where(User.active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(User.active.is_(False))
    if q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(User.email).like(like), func.lower(User.full_name).like(like))
        )
    return stmt.order_by(User.id.desc())


def select_invitations(actor: User) -> Select[Any]:
    """The invitations the actor manages: an administrator's are the Department's,
    a supplier's staff see their company's. Newest first."""
    stmt = select(Invitation)
    if actor.role == Role.ADMIN:
        stmt = stmt.where(Invitation.role.in_((Role.OFFICIAL, Role.ADMIN)))
    else:
        stmt = stmt.where(Invitation.supplier_id == actor.supplier_id)
    return stmt.order_by(Invitation.id.desc())


def supplier_names(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """{supplier id: (name, tax code)} for a page of accounts, in one query."""
    if not ids:
        return {}
    rows = session.execute(
        select(Supplier.id, Supplier.name, Supplier.tax_code).where(Supplier.id.in_(ids))
    )
    return {r.id: (r.name, r.tax_code) for r in rows}
