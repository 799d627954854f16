"""Reads of the category tree and per-category counts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState

_PUBLIC = (VerificationState.PENDING, VerificationState.VERIFIED)


def list_category_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Category.code)))


def list_top_categories(session: Session) -> list[Category]:
    stmt = (
        select(Category)
        .where(Category.parent_code.is_(None))
        .options(selectinload(Category.children))
        .order_by(Category.position)
    )
    return list(session.scalars(stmt))


def get_category(session: Session, code: str) -> Category | None:
    return session.get(Category, code.upper())


def count_products_by_top_category(session: Session) -> dict[str, dict[str, int]]:
    """{top code: {"products": n, "suppliers": n}} over public, active products."""
    top = func.coalesce(Category.parent_code, Category.code)
    stmt = (
        select(top, func.count(Product.id), func.count(func.distinct(Product.supplier_id)))
        .join(Product, Product.category_code == Category.code)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(Product.active.is_(True), Supplier.state.in_(_PUBLIC))
        .group_by(top)
    )
    return {code: {"products": n, "suppliers": s} for code, n, s in session.execute(stmt)}


def count_products_by_subcategory(session: Session, parent: str) -> dict[str, int]:
    stmt = (
        select(Product.category_code, func.count(Product.id))
        .join(Category, Product.category_code == Category.code)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            Product.active.is_(True),
            Supplier.state.in_(_PUBLIC),
            (Category.parent_code == parent) | (Category.code == parent),
        )
        .group_by(Product.category_code)
    )
    return dict(session.execute(stmt).all())  # type: ignore[arg-type]


# Built once per process: every search results page asks, and building the statement
# (and its cache key) cost more than running it.
_NAMES = {
    "en": select(Category.code, Category.name_en),
    "vi": select(Category.code, Category.name_vi),
}


def category_names(session: Session, locale: str) -> dict[str, str]:
    """code -> name in `locale`, for every category (two columns, not rows: every
    search results page asks)."""
    stmt = _NAMES["en" if locale == "en" else "vi"]
    # On the session's connection: two columns, no objects, so the ORM's execution
    # path (a flush, entity compilation) would cost more than the query.
    return dict(session.connection().execute(stmt).tuples().all())
