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
