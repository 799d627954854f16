"""Who may do what. Services call these; views never decide on their own."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.errors import Forbidden
from marketplace.suppliers.models import Supplier


def can_edit_supplier(user: User | None, supplier: Supplier) -> bool:
    """Staff edit only their own supplier; officials and admins may edit any."""
    if user is None or not user.is_authenticated or not user.active:
        return False
    if user.role in (Role.OFFICIAL, Role.ADMIN):
        return True
    return user.role == Role.SUPPLIER_STAFF and user.supplier_id == supplier.id


def require_edit_supplier(user: User | None, supplier: Supplier) -> None:
    if not can_edit_supplier(user, supplier):
        raise Forbidden(_("Only this supplier's own staff can change it."))


def can_create_supplier(user: User | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.active
        and user.role == Role.SUPPLIER_STAFF
        and user.supplier_id is None
    )


def require_create_supplier(user: User | None) -> None:
    if not can_create_supplier(user):
        raise Forbidden(
            _("Only a supplier account that has no company profile yet can create one.")
        )


def is_official(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_official)


def require_official(user: User | None) -> None:
    if not is_official(user):
        raise Forbidden(_("Only officials can do this."))


def is_staff_or_official(user: User | None, supplier: Supplier) -> bool:
    """What only a supplier's own staff and officials may see: its history (profile,
    products, verification, staff accounts) and its private verification documents."""
    if user is None or not user.is_authenticated or not user.active:
        return False
    return user.is_official or (
        user.role == Role.SUPPLIER_STAFF and user.supplier_id == supplier.id
    )


can_view_supplier_history = is_staff_or_official
can_view_documents = is_staff_or_official


def require_view_supplier_history(user: User | None, supplier: Supplier) -> None:
    if not can_view_supplier_history(user, supplier):
        raise Forbidden(_("Only this supplier's own staff and officials can see its history."))
