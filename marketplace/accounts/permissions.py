"""Who may do what. Services call these; views never decide on their own."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.errors import Forbidden
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier
from marketplace.suppliers.queries import PUBLIC_STATES


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


def can_view_supplier(user: User | None, supplier: Supplier) -> bool:
    """Pending and verified suppliers are public; a rejected or suspended one only to
    those who may edit it."""
    return supplier.state in PUBLIC_STATES or can_edit_supplier(user, supplier)


def can_view_product(user: User | None, product: Product) -> bool:
    """A listed product of a visible supplier; a withdrawn one, or one of a hidden
    supplier, only to those who may edit the supplier (they are sent to its page after
    every change)."""
    if product.active and product.supplier.state in PUBLIC_STATES:
        return True
    return can_edit_supplier(user, product.supplier)


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


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.active)


def is_admin(user: User | None) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN  # type: ignore[union-attr]


def require_admin(user: User | None) -> None:
    if not is_admin(user):
        raise Forbidden(_("Only administrators can do this."))


# Invitations: administrators bring in the Department's officials and administrators;
# a supplier's staff bring in their colleagues, for their own supplier only.
DEPARTMENT_ROLES = (Role.OFFICIAL, Role.ADMIN)


def can_invite(user: User | None, role: Role, supplier_id: int | None) -> bool:
    if user is None or not _signed_in(user):
        return False
    if role in DEPARTMENT_ROLES:
        return user.role == Role.ADMIN and supplier_id is None
    if role == Role.SUPPLIER_STAFF:
        return (
            user.role == Role.SUPPLIER_STAFF
            and user.supplier_id is not None
            and user.supplier_id == supplier_id
        )
    return False


def require_invite(user: User | None, role: Role, supplier_id: int | None) -> None:
    if not can_invite(user, role, supplier_id):
        raise Forbidden(
            _(
                "Only administrators can invite the Department's staff, and only a "
                "company's own staff can invite colleagues to it."
            )
        )


def can_manage_invitations(user: User | None) -> bool:
    """Who sees the invitations page: administrators, and staff of a supplier."""
    return is_admin(user) or bool(
        _signed_in(user)
        and user.role == Role.SUPPLIER_STAFF  # type: ignore[union-attr]
        and user.supplier_id is not None  # type: ignore[union-attr]
    )


def require_manage_invitations(user: User | None) -> None:
    if not can_manage_invitations(user):
        raise Forbidden(
            _(
                "Invitations are sent by administrators, and by the staff of a registered "
                "company for their colleagues."
            )
        )


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
