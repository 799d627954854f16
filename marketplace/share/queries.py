"""Reads behind the share pages and the API: categories with their bands, the
records behind a figure (filtered, sorted, paginated) and the top suppliers and
import origins of a category — all computed in SQL."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from marketplace.categories.models import Category
from marketplace.categories.queries import list_top_categories
from marketplace.share.models import ShareCoverage, SupplyRecord
from marketplace.share.targets import bands_for, list_targets
from marketplace.suppliers.models import Supplier


def latest_year(session: Session) -> int:
    """The latest year with records (this year when there are none)."""
    found = session.scalar(select(func.max(ShareCoverage.year)))
    return int(found) if found is not None else date.today().year


def list_years(session: Session) -> list[int]:
    return list(session.scalars(select(ShareCoverage.year).distinct().order_by(ShareCoverage.year)))


def categories_json(session: Session) -> list[dict[str, Any]]:
    """GET /api/v1/categories: top-level ones each followed by its subcategories,
    with the bands in force this year (shares 0–1)."""
    bands = bands_for(list_targets(session), date.today().year)
    out: list[dict[str, Any]] = []
    for cat in list_top_categories(session):
        band = bands.get(cat.code)
        for c in (cat, *cat.children):
            top = c is cat
            out.append(
                {
                    "code": c.code,
                    "parent": None if top else cat.code,
                    "name_vi": c.name_vi,
                    "name_en": c.name_en,
                    "target_min": float(band.min_share) if top and band else None,
                    "target_max": float(band.max_share)
                    if top and band and band.max_share is not None
                    else None,
                }
            )
    return out


@dataclass
class RecordFilters:
    year: int | None = None
    category: str | None = None  # top-level: its subcategories too
    subcategory: str | None = None  # exactly this code
    origin: str | None = None  # a country code, or "import" for every other than VN
    source: str | None = None  # a source, or "none"
    supplier: str | None = None  # tax code, or a part of the name
    linked: str | None = None  # "product", "supplier", "any", "none"
    q: str | None = None  # record id or buyer


SORTS = {
    "value": SupplyRecord.value_vnd.desc(),
    "value_asc": SupplyRecord.value_vnd.asc(),
    "year": SupplyRecord.year.desc(),
    "record": SupplyRecord.record_id.asc(),
    "origin": SupplyRecord.origin.asc(),
}


def select_records(f: RecordFilters, sort: str = "value") -> Select[tuple[SupplyRecord]]:
    """The records behind a figure, with their supplier, product and category loaded
    by joins (one query per page)."""
    stmt = (
        select(SupplyRecord)
        .join(SupplyRecord.category)
        .outerjoin(SupplyRecord.supplier)
        .outerjoin(SupplyRecord.product)
        .options(
            contains_eager(SupplyRecord.category),
            contains_eager(SupplyRecord.supplier),
            contains_eager(SupplyRecord.product),
        )
    )
    stmt = apply_filters(stmt, f)
    return stmt.order_by(SORTS.get(sort, SORTS["value"]), SupplyRecord.id)


def apply_filters(stmt: Any, f: RecordFilters) -> Any:
    """`stmt` must join categories and (outer) suppliers."""
    if f.year is not None:
        stmt = stmt.where(SupplyRecord.year == f.year)
    if f.category:
        stmt = stmt.where(or_(Category.code == f.category, Category.parent_code == f.category))
    if f.subcategory:
        stmt = stmt.where(SupplyRecord.category_code == f.subcategory)
    if f.origin == "import":
        stmt = stmt.where(SupplyRecord.origin != "VN")
    elif f.origin:
        stmt = stmt.where(SupplyRecord.origin == f.origin.upper())
    if f.source == "none":
        stmt = stmt.where(SupplyRecord.source.is_(None))
    elif f.source:
        stmt = stmt.where(SupplyRecord.source == f.source)
    if f.supplier:
        like = _contains(f.supplier)
        stmt = stmt.where(
            or_(
                Supplier.tax_code == f.supplier,
                func.lower(Supplier.name).like(like, escape="\\"),
                func.lower(Supplier.name_en).like(
                    like, escape="\\"
                ),  # the name an English page shows
            )
        )
    if f.linked == "product":
        stmt = stmt.where(SupplyRecord.product_id.is_not(None))
    elif f.linked == "supplier":
        stmt = stmt.where(SupplyRecord.supplier_id.is_not(None), SupplyRecord.product_id.is_(None))
    elif f.linked == "any":
        stmt = stmt.where(SupplyRecord.supplier_id.is_not(None))
    elif f.linked == "none":
        stmt = stmt.where(SupplyRecord.supplier_id.is_(None))
    if f.q:
        like = _contains(f.q)
        stmt = stmt.where(
            or_(
                func.lower(SupplyRecord.record_id).like(like, escape="\\"),
                func.lower(SupplyRecord.buyer).like(like, escape="\\"),
            )
        )
    return stmt


def _contains(text: str) -> str:
    """A LIKE pattern for text anywhere, with % and _ taken literally."""
    escaped = (
        unicodedata.normalize("NFC", text)
        .lower()
        .replace("\\", "\\\\")
        .replace("%", "\\%")
        .replace("_", "\\_")
    )
    return f"%{escaped}%"


def sum_records(session: Session, f: RecordFilters) -> tuple[int, int]:
    """(count, total value) of the filtered records."""
    stmt = (
        select(func.count(SupplyRecord.id), func.coalesce(func.sum(SupplyRecord.value_vnd), 0))
        .join(SupplyRecord.category)
        .outerjoin(SupplyRecord.supplier)
    )
    n, total = session.execute(apply_filters(stmt, f)).one()
    return int(n), int(total)


def top_domestic_suppliers(
    session: Session, year: int, category: str, limit: int = 5
) -> list[tuple[Supplier, int, int]]:
    """Registered suppliers of VN-made records in a category, by value: (supplier,
    records, value)."""
    value = func.sum(SupplyRecord.value_vnd)
    stmt = (
        select(Supplier, func.count(SupplyRecord.id), value)
        .join(SupplyRecord, SupplyRecord.supplier_id == Supplier.id)
        .join(Category, Category.code == SupplyRecord.category_code)
        .where(
            SupplyRecord.year == year,
            SupplyRecord.origin == "VN",
            or_(Category.code == category, Category.parent_code == category),
        )
        .group_by(Supplier.id)
        .order_by(value.desc(), Supplier.id)
        .limit(limit)
    )
    return [(s, int(n), int(v)) for s, n, v in session.execute(stmt).tuples()]


def top_import_origins(
    session: Session, year: int, category: str, limit: int = 5
) -> list[tuple[str, int, int]]:
    """Countries of manufacture other than VN in a category, by value: (code,
    records, value)."""
    value = func.sum(SupplyRecord.value_vnd)
    stmt = (
        select(SupplyRecord.origin, func.count(SupplyRecord.id), value)
        .join(Category, Category.code == SupplyRecord.category_code)
        .where(
            SupplyRecord.year == year,
            SupplyRecord.origin != "VN",
            or_(Category.code == category, Category.parent_code == category),
        )
        .group_by(SupplyRecord.origin)
        .order_by(value.desc(), SupplyRecord.origin)
        .limit(limit)
    )
    return [(o, int(n), int(v)) for o, n, v in session.execute(stmt).tuples()]
