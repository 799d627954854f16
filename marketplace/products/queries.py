"""Reads for product pages and the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState

PUBLIC_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)
SORTS = {
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "name": (Product.name, Product.id),
    "price": (Product.price_vnd.is_(None), Product.price_vnd, Product.id),
    "local_content": (
        Product.local_content_pct.is_(None),
        Product.local_content_pct.desc(),
        Product.id,
    ),
}


def select_public_products(
    category: str | None = None,
    supplier_id: int | None = None,
    sort: str = "newest",
    include_withdrawn: bool = False,
    any_supplier_state: bool = False,
) -> Select[Any]:
    """Active products of public suppliers, with supplier, category and photos loaded.
    `any_supplier_state` also lists those of a hidden (rejected, suspended) supplier:
    for its own staff."""
    stmt = (
        select(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category),
            selectinload(Product.photos),
            selectinload(Product.specs),
        )
    )
    if not any_supplier_state:
        stmt = stmt.where(Supplier.state.in_(PUBLIC_STATES))
    if not include_withdrawn:
        stmt = stmt.where(Product.active.is_(True))
    if supplier_id is not None:
        stmt = stmt.where(Product.supplier_id == supplier_id)
    if category:
        stmt = stmt.join(Category, Category.code == Product.category_code).where(
            (Category.code == category) | (Category.parent_code == category)
        )
    return stmt.order_by(*SORTS.get(sort, SORTS["newest"]))


def get_product_page(session: Session, tax_code: str, sku: str) -> Product | None:
    """The product with what its page shows, whatever its state or its supplier's: the
    caller checks permissions.can_view_product."""
    stmt = (
        select(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(Supplier.tax_code == tax_code, Product.sku == sku)
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category),
            selectinload(Product.photos),
            selectinload(Product.specs),
        )
    )
    return session.scalar(stmt)


def get_public_product(session: Session, tax_code: str, sku: str) -> Product | None:
    """A product the public may see (listed, of a publicly listed supplier), by its
    supplier's tax code and its SKU (matched without regard to case, as imports
    match it), with what the API gives of it loaded; None otherwise."""
    stmt = (
        select(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            Supplier.tax_code == tax_code,
            func.lower(Product.sku) == sku.lower(),
            Supplier.state.in_(PUBLIC_STATES),
            Product.active.is_(True),
        )
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category),
            selectinload(Product.photos),
            selectinload(Product.specs),
        )
    )
    return session.scalar(stmt)
