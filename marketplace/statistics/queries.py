"""The statistics tables, each one or two GROUP BY queries: the database does the
counting, whatever the registry's size (100,000 products: see
bench/statistics_queries.py). Products counted are the active (listed) ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Ownership, Supplier, VerificationState
from marketplace.suppliers.state_labels import state_labels

PERIODS = ("month", "quarter")


@dataclass
class StatTable:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    bar: int  # index of the column drawn as bars

    @property
    def bar_max(self) -> int:
        return max([int(r[self.bar] or 0) for r in self.rows] + [1])


def _suppliers_and_products(session: Session, *keys: Any) -> list[tuple[Any, ...]]:
    """(keys..., suppliers, products) grouped by supplier columns `keys`. Listed
    products are counted per supplier first: joining products row by row lets
    SQLite pick the `active` index and scan every product for each supplier."""
    listed = (
        select(Product.supplier_id, func.count().label("n"))
        .where(Product.active.is_(True))
        .group_by(Product.supplier_id)
        .subquery()
    )
    stmt = (
        select(*keys, func.count(Supplier.id), func.coalesce(func.sum(listed.c.n), 0))
        .select_from(Supplier)
        .outerjoin(listed, listed.c.supplier_id == Supplier.id)
        .group_by(*keys)
        .order_by(func.count(Supplier.id).desc(), *keys)
    )
    return [tuple(r) for r in session.execute(stmt)]


def by_category(session: Session, locale: str) -> StatTable:
    """Top-level categories (all eight, in their order): suppliers with a listed
    product there, products, made in Vietnam, imported, domestic share of products."""
    top = func.coalesce(Category.parent_code, Category.code).label("code")
    # Per (category, supplier) first, then per category: suppliers are counted
    # without a DISTINCT over every product row.
    inner = (
        select(
            top,
            func.count().label("n"),
            func.sum(case((Product.origin == "VN", 1), else_=0)).label("dom"),
        )
        .select_from(Product)
        .join(Category, Product.category_code == Category.code)
        .where(Product.active.is_(True))
        .group_by(top, Product.supplier_id)
        .subquery()
    )
    stmt = select(inner.c.code, func.count(), func.sum(inner.c.n), func.sum(inner.c.dom)).group_by(
        inner.c.code
    )
    counts = {
        code: (suppliers, int(products), int(dom or 0))
        for code, suppliers, products, dom in session.execute(stmt)
    }
    tops = session.scalars(
        select(Category).where(Category.parent_code.is_(None)).order_by(Category.position)
    )
    rows = []
    for c in tops:  # the eight reference categories, not data rows
        suppliers, products, dom = counts.get(c.code, (0, 0, 0))
        share = round(100 * dom / products, 1) if products else None
        rows.append([c.code, c.name(locale), suppliers, products, dom, products - dom, share])
    columns = [
        _("Code"),
        _("Category"),
        _("Suppliers"),
        _("Products"),
        _("Made in Vietnam"),
        _("Imported"),
        _("Made in Vietnam (%)"),
    ]
    return StatTable("category", _("By category"), columns, rows, bar=3)


def by_place(session: Session) -> StatTable:
    rows = [
        [province, commune or _("(no commune given)"), s, p]
        for province, commune, s, p in _suppliers_and_products(
            session, Supplier.province, Supplier.commune
        )
    ]
    columns = [_("Province / city"), _("Commune / ward"), _("Suppliers"), _("Products")]
    return StatTable("place", _("By commune"), columns, rows, bar=2)


def by_ownership(session: Session) -> StatTable:
    labels = {
        Ownership.DOMESTIC: _("Domestic"),
        Ownership.FOREIGN: _("Foreign"),
        Ownership.JOINT_VENTURE: _("Joint venture"),
    }
    found = {k: (s, p) for k, s, p in _suppliers_and_products(session, Supplier.ownership)}
    rows = [[labels[o], *found.get(o, (0, 0))] for o in Ownership]
    columns = [_("Ownership"), _("Suppliers"), _("Products")]
    return StatTable("ownership", _("By ownership"), columns, rows, bar=1)


def by_state(session: Session) -> StatTable:
    labels = state_labels()
    found = {k: (s, p) for k, s, p in _suppliers_and_products(session, Supplier.state)}
    rows = [[labels[v.value], *found.get(v, (0, 0))] for v in VerificationState]
    columns = [_("Verification state"), _("Suppliers"), _("Products")]
    return StatTable("state", _("By verification state"), columns, rows, bar=1)


def by_origin(session: Session) -> StatTable:
    inner = (
        select(Product.origin, func.count().label("n"))
        .where(Product.active.is_(True))
        .group_by(Product.origin, Product.supplier_id)
        .subquery()
    )
    stmt = (
        select(inner.c.origin, func.count(), func.sum(inner.c.n))
        .group_by(inner.c.origin)
        .order_by(func.sum(inner.c.n).desc(), inner.c.origin)
    )
    rows = [[origin, s, int(p)] for origin, s, p in session.execute(stmt)]
    columns = [_("Country of manufacture"), _("Suppliers"), _("Products")]
    return StatTable("origin", _("Products by origin"), columns, rows, bar=2)


def _period(column: Any, period: str) -> tuple[Any, Any]:
    year = cast(extract("year", column), Integer)
    month = cast(extract("month", column), Integer)
    return (year, (month + 2) // 3) if period == "quarter" else (year, month)


def growth(session: Session, period: str = "quarter") -> StatTable:
    """New suppliers and new products (listed or not) per month or quarter."""
    counts: dict[tuple[int, int], list[int]] = {}
    for index, created in enumerate((Supplier.created_at, Product.created_at)):
        year, part = _period(created, period)
        stmt = select(year, part, func.count()).group_by(year, part)
        for y, p, n in session.execute(stmt):
            counts.setdefault((int(y), int(p)), [0, 0])[index] = n
    label = "{0}-Q{1}" if period == "quarter" else "{0}-{1:02d}"
    rows = [[label.format(*key), *counts[key]] for key in sorted(counts)]
    columns = [_("Quarter") if period == "quarter" else _("Month"), _("New suppliers"),
               _("New products")]  # fmt: skip
    return StatTable("growth", _("Growth of the registry"), columns, rows, bar=2)


def all_tables(session: Session, locale: str, period: str = "quarter") -> list[StatTable]:
    return [
        by_category(session, locale),
        by_state(session),
        by_ownership(session),
        by_origin(session),
        by_place(session),
        growth(session, period),
    ]


def table(session: Session, key: str, locale: str, period: str = "quarter") -> StatTable | None:
    makers = {
        "category": lambda: by_category(session, locale),
        "state": lambda: by_state(session),
        "ownership": lambda: by_ownership(session),
        "origin": lambda: by_origin(session),
        "place": lambda: by_place(session),
        "growth": lambda: growth(session, period),
    }
    make = makers.get(key)
    return make() if make else None
