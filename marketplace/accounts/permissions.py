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


def can_manage_import(user: User | None, supplier_id: int | None) -> bool:
    """Imports (uploads and batches): officials all of them; a supplier's staff only
    their own company's catalogue imports (`supplier_id`; None = registry-wide)."""
    if is_official(user):
        return True
    return bool(
        supplier_id is not None
        and user is not None
        and user.is_authenticated
        and user.active
        and user.role == Role.SUPPLIER_STAFF
        and user.supplier_id == supplier_id
    )


def require_manage_import(user: User | None, supplier_id: int | None) -> None:
    if not can_manage_import(user, supplier_id):
        raise Forbidden(
            _("Only officials and the supplier's own staff can see or change this import.")
        )
