"""Reads for supplier pages and the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState

PUBLIC_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)


def list_newest_verified(session: Session, limit: int = 6) -> list[Supplier]:
    stmt = (
        select(Supplier)
        .where(Supplier.state == VerificationState.VERIFIED)
        .order_by(Supplier.created_at.desc(), Supplier.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def select_suppliers(
    province: str | None = None,
    category: str | None = None,
    verified_only: bool = False,
    states: Sequence[VerificationState] = PUBLIC_STATES,
) -> Select[Any]:
    """Public suppliers, verified first then by name; optionally those with active
    products in a category (top-level or subcategory). `states` other than the
    public ones are for officials only (the caller checks)."""
    stmt = select(Supplier).where(Supplier.state.in_(states))
    if verified_only:
        stmt = stmt.where(Supplier.state == VerificationState.VERIFIED)
    if province:
        stmt = stmt.where(Supplier.province == province)
    if category:
        sub = (
            select(Product.supplier_id)
            .join(Category, Product.category_code == Category.code)
            .where(
                Product.active.is_(True),
                (Category.code == category) | (Category.parent_code == category),
            )
        )
        stmt = stmt.where(Supplier.id.in_(sub))
    return stmt.order_by((Supplier.state == VerificationState.VERIFIED).desc(), Supplier.name)


def count_public_suppliers(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Supplier).where(Supplier.state.in_(PUBLIC_STATES))
        )
        or 0
    )


def count_products_by_supplier(session: Session, supplier_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Product.id)).where(
                Product.supplier_id == supplier_id, Product.active.is_(True)
            )
        )
        or 0
    )
