"""Managing other people's accounts: roles and activation (administrators), the
link between a user and a supplier (officials). Every change is audited under the
acting user."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import Role, User
from marketplace.accounts.queries import count_active_admins
from marketplace.accounts.sessions import end_sessions
from marketplace.audit import services as audit
from marketplace.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.suppliers.services import get_supplier_by_tax_code

# Higher may do more; used to refuse raising one's own role.
RANK = {Role.BUYER: 0, Role.SUPPLIER_STAFF: 0, Role.OFFICIAL: 1, Role.ADMIN: 2}


def require_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("This account does not exist."))
    return user


def _refuse_last_admin(session: Session, user: User) -> None:
    if user.role == Role.ADMIN and user.active and count_active_admins(session) <= 1:
        raise Conflict(
            _(
                "This is the last active administrator: make another account an "
                "administrator first, or nobody could manage accounts any more."
            )
        )


def change_role(session: Session, actor: User, user_id: int, role: Role) -> User:
    """Give an account another role. Nobody raises their own role; the last active
    administrator keeps theirs. Only supplier staff keep a supplier link. Raises
    Forbidden, NotFound, Conflict."""
    permissions.require_admin(actor)
    user = require_user(session, user_id)
    if user.role == role:
        return user
    if user.id == actor.id and RANK[role] > RANK[user.role]:
        raise Forbidden(_("Nobody can raise their own role."))
    if user.role == Role.ADMIN:
        _refuse_last_admin(session, user)
    audit.act_as(session, actor)
    before = {"role": user.role.value, "supplier_id": user.supplier_id}
    user.role = role
    if role != Role.SUPPLIER_STAFF:
        user.supplier_id = None
    audit.record(
        session,
        actor,
        "user",
        user.id,
        "role_changed",
        before=before,
        after={"role": role.value, "supplier_id": user.supplier_id},
    )
    session.commit()
    return user


def set_active(session: Session, actor: User, user_id: int, active: bool, reason: str) -> User:
    """Deactivate (every session ends at once) or reactivate an account. Nobody
    deactivates their own; the last active administrator stays. Raises Forbidden,
    NotFound, Conflict, InvalidInput (no reason for a deactivation)."""
    permissions.require_admin(actor)
    user = require_user(session, user_id)
    if user.active == active:
        return user
    if not active:
        if user.id == actor.id:
            raise Forbidden(_("You cannot deactivate your own account."))
        _refuse_last_admin(session, user)
        if not reason.strip():
            raise InvalidInput(
                _("Say why the account is deactivated."),
                {"reason": _("Say why the account is deactivated.")},
            )
    audit.act_as(session, actor)
    user.active = active
    ended = 0 if active else end_sessions(session, user)
    audit.record(
        session,
        actor,
        "user",
        user.id,
        "reactivated" if active else "deactivated",
        before={"active": not active},
        after={"active": active, "sessions_ended": ended},
        note=reason.strip() or None,
    )
    session.commit()
    return user


def end_all_sessions(session: Session, actor: User, user_id: int) -> int:
    """An administrator logs an account out everywhere (e.g. a lost laptop)."""
    permissions.require_admin(actor)
    user = require_user(session, user_id)
    ended = end_sessions(session, user)
    audit.record(session, actor, "user", user.id, "sessions_ended", after={"ended": ended})
    session.commit()
    return ended


def link_supplier(session: Session, actor: User, user_id: int, tax_code: str) -> User:
    """Make an existing buyer or supplier-staff account staff of the supplier with
    this tax code (the Department checked who they are). Raises Forbidden, NotFound,
    InvalidInput."""
    permissions.require_official(actor)
    user = require_user(session, user_id)
    if user.role not in (Role.BUYER, Role.SUPPLIER_STAFF):
        raise InvalidInput(
            _("Only buyer and supplier accounts can be linked to a company."),
            {"tax_code": _("Only buyer and supplier accounts can be linked to a company.")},
        )
    supplier = get_supplier_by_tax_code(session, tax_code)
    if supplier is None:
        message = _("No supplier with tax code %(code)s.", code=tax_code.strip())
        raise InvalidInput(message, {"tax_code": message})
    audit.act_as(session, actor)
    before = {"role": user.role.value, "supplier_id": user.supplier_id}
    user.role = Role.SUPPLIER_STAFF
    user.supplier_id = supplier.id
    audit.record(
        session,
        actor,
        "user",
        user.id,
        "linked",
        before=before,
        after={"role": user.role.value, "supplier_id": supplier.id},
        note=supplier.tax_code,
    )
    session.commit()
    return user


def unlink_supplier(session: Session, actor: User, user_id: int) -> User:
    """Remove an account from its supplier (it stays a supplier account, able to
    register another company or be linked again). Raises Forbidden, NotFound."""
    permissions.require_official(actor)
    user = require_user(session, user_id)
    if user.supplier_id is None:
        return user
    audit.act_as(session, actor)
    before = {"supplier_id": user.supplier_id}
    user.supplier_id = None
    audit.record(
        session, actor, "user", user.id, "unlinked", before=before, after={"supplier_id": None}
    )
    session.commit()
    return user
