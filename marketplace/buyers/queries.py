"""Reads for the buyer's pages: the shortlist, saved searches, and which products
and suppliers a page's buttons should show as already kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, null, select
from sqlalchemy.orm import Session, joinedload

from marketplace.buyers.models import SavedSearch, ShortlistItem
from marketplace.pagination import Page, count_rows
from marketplace.products.models import Product
from marketplace.products.queries import PUBLIC_STATES
from marketplace.suppliers.models import Supplier


@dataclass
class ShortlistRow:
    item: ShortlistItem
    product: Product | None
    supplier: Supplier
    available: bool  # False: withdrawn or hidden since; shown without a link


def count_shortlist(session: Session, user_id: int) -> dict[str, int]:
    """How many products and suppliers the user keeps."""
    is_product = ShortlistItem.product_id.is_not(None)
    rows = session.execute(
        select(is_product, func.count())
        .where(ShortlistItem.user_id == user_id)
        .group_by(is_product)
    )
    counts = {("product" if p else "supplier"): n for p, n in rows}
    return {"product": counts.get("product", 0), "supplier": counts.get("supplier", 0)}


def _shortlist_select(user_id: int, kind: str) -> Select[Any]:
    stmt: Select[Any]
    if kind == "product":
        stmt = (
            select(ShortlistItem, Product, Supplier)
            .join(Product, Product.id == ShortlistItem.product_id)
            .join(Supplier, Supplier.id == Product.supplier_id)
            .options(joinedload(Product.category))
        )
    else:
        stmt = select(ShortlistItem, null().label("product"), Supplier).join(
            Supplier, Supplier.id == ShortlistItem.supplier_id
        )
    return stmt.where(ShortlistItem.user_id == user_id).order_by(
        ShortlistItem.created_at.desc(), ShortlistItem.id.desc()
    )


def list_shortlist(
    session: Session, user_id: int, kind: str, page: int, per_page: int
) -> Page[ShortlistRow]:
    """One page of the user's products or suppliers, newest first, each with whether
    the public can still see it (one query for the rows, one for the count)."""
    stmt = _shortlist_select(user_id, kind)
    total = count_rows(session, stmt)
    page = max(1, min(page, 1_000_000))
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).unique()
    items = [
        ShortlistRow(
            item,
            product,
            supplier,
            supplier.state in PUBLIC_STATES and (product is None or product.active),
        )
        for item, product, supplier in rows
    ]
    return Page(items=items, page=page, per_page=per_page, total=total)


def shortlisted_ids(session: Session, user_id: int) -> tuple[set[int], set[int]]:
    """(product ids, supplier ids) on the user's shortlist: for the pages' toggles."""
    rows = session.execute(
        select(ShortlistItem.product_id, ShortlistItem.supplier_id).where(
            ShortlistItem.user_id == user_id
        )
    )
    products: set[int] = set()
    suppliers: set[int] = set()
    for product_id, supplier_id in rows:
        if product_id is not None:
            products.add(product_id)
        if supplier_id is not None:
            suppliers.add(supplier_id)
    return products, suppliers


def select_saved_searches(user_id: int) -> Select[Any]:
    """The user's saved searches, newest first."""
    return (
        select(SavedSearch)
        .where(SavedSearch.user_id == user_id)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
    )
