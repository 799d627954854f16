"""Ready values for the officials' record pages: a page of filtered records with the
local content each one counts with (and where it comes from), the side panel of a
category, one record with its registry links, the bands on the targets page. Reads
only; the rules live in share/queries.py, measure.py, services.py and targets.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from babel import Locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace.categories.models import Category, Target
from marketplace.categories.queries import list_top_categories
from marketplace.errors import NotFound
from marketplace.pagination import MAX_PAGE, Page
from marketplace.share import queries
from marketplace.share.display import NO_SOURCE, pct_of
from marketplace.share.models import Link, ShareCoverage, SupplyRecord
from marketplace.share.services import HistoryEntry
from marketplace.share.targets import Band, bands_for, list_targets
from marketplace.suppliers.models import Supplier

Categories = list[tuple[str, str, list[tuple[str, str]]]]


class Basis:
    """Where a record's local content comes from (measure.py's order)."""

    OWN = "own"
    PRODUCT = "product"
    ASSUMED = "assumed"  # none given: 100 for VN, 0 for an import


@dataclass
class RecordRow:
    record: SupplyRecord
    local_content: Decimal
    basis: str


def local_content(record: SupplyRecord) -> tuple[Decimal, str]:
    """The local content a record counts with and its basis: its own, else its linked
    product's declared value, else 100 for VN and 0 otherwise. The product must be
    loaded with the record."""
    if record.local_content_pct is not None:
        return record.local_content_pct, Basis.OWN
    product = record.product if record.product_id is not None else None
    if product is not None and product.local_content_pct is not None:
        return product.local_content_pct, Basis.PRODUCT
    return Decimal(100 if record.domestic else 0), Basis.ASSUMED


def category_choices(session: Session, locale: str) -> Categories:
    return [
        (top.code, top.name(locale), [(c.code, c.name(locale)) for c in top.children])
        for top in list_top_categories(session)
    ]


def country_names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def count_records(session: Session, f: queries.RecordFilters) -> tuple[int, int]:
    """(count, total value) of the filtered records. Filters on year, category,
    source and link are answered from share_coverage (kept in the records'
    transaction), a few hundred rows instead of a scan of a million; origin, supplier
    and free text need the records themselves (queries.sum_records)."""
    if f.origin or f.supplier or f.q:
        return queries.sum_records(session, f)
    c = ShareCoverage
    stmt = select(func.coalesce(func.sum(c.records), 0), func.coalesce(func.sum(c.value_vnd), 0))
    if f.year is not None:
        stmt = stmt.where(c.year == f.year)
    if f.category:
        top = select(Category.code).where(
            or_(Category.code == f.category, Category.parent_code == f.category)
        )
        stmt = stmt.where(c.category_code.in_(top))
    if f.subcategory:
        stmt = stmt.where(c.category_code == f.subcategory)
    if f.source:
        stmt = stmt.where(c.source == ("" if f.source == NO_SOURCE else f.source))
    links = {
        "product": [Link.PRODUCT],
        "supplier": [Link.SUPPLIER],
        "any": [Link.SUPPLIER, Link.PRODUCT],
        "none": [Link.NONE],
    }.get(f.linked or "")
    if links:
        stmt = stmt.where(c.link.in_([int(k) for k in links]))
    n, total = session.execute(stmt).one()
    return int(n), int(total)


@dataclass
class RecordsPage:
    page: Page[RecordRow]
    count: int
    total_vnd: int


def get_records_page(
    session: Session, f: queries.RecordFilters, sort: str, page: int, per_page: int
) -> RecordsPage:
    """One page of the filtered records with the count and total value of them all.
    The set is counted once (count_records), not again by paginate."""
    count, total = count_records(session, f)
    page = min(max(1, page), MAX_PAGE)
    stmt = queries.select_records(f, sort).limit(per_page).offset((page - 1) * per_page)
    rows = [RecordRow(r, *local_content(r)) for r in session.scalars(stmt).unique()]
    return RecordsPage(Page(rows, page, per_page, count), count, total)


@dataclass
class Ranked:
    label: str
    records: int
    value_vnd: int
    share_pct: Decimal | None  # of the category's value that year
    supplier: Supplier | None = None


@dataclass
class CategoryPanel:
    year: int
    category: str
    total_vnd: int
    suppliers: list[Ranked]
    origins: list[Ranked]


def get_category_panel(
    session: Session, year: int, category: str, locale: str, limit: int = 5
) -> CategoryPanel:
    """Top domestic suppliers and import origins of a category in a year, by value,
    each with its part of the category's total."""
    _n, total = count_records(session, queries.RecordFilters(year=year, category=category))
    names = country_names(locale)
    return CategoryPanel(
        year,
        category,
        total,
        [
            Ranked(s.display_name(locale), n, v, pct_of(v, total), s)
            for s, n, v in queries.top_domestic_suppliers(session, year, category, limit)
        ],
        [
            Ranked(f"{o} · {names.get(o, o)}", n, v, pct_of(v, total))
            for o, n, v in queries.top_import_origins(session, year, category, limit)
        ],
    )


def get_record_row(session: Session, record_pk: int) -> RecordRow:
    """One record with its category, supplier and product (NotFound)."""
    stmt = (
        select(SupplyRecord)
        .where(SupplyRecord.id == record_pk)
        .options(
            joinedload(SupplyRecord.category),
            joinedload(SupplyRecord.supplier),
            joinedload(SupplyRecord.product),
        )
    )
    found = session.scalars(stmt).unique().first()
    if found is None:
        raise NotFound(_("There is no such supply record."))
    return RecordRow(found, *local_content(found))


@dataclass
class BandRow:
    code: str
    name: str
    now: Band | None
    next: tuple[int, Band] | None  # a band set to take effect in a later year


@dataclass
class TargetEntry:
    code: str
    band: Band
    set_by: str
    set_at: datetime
    reason: str | None
    in_force: bool


def get_band_rows(
    session: Session, locale: str, year: int, targets: list[Target] | None = None
) -> list[BandRow]:
    """Per top-level category the band in force in `year` and the next one already
    set for a later year (`targets`: list_targets, if already read)."""
    targets = list_targets(session) if targets is None else targets
    now = bands_for(targets, year)
    rows = []
    for top in list_top_categories(session):
        first = min(
            (
                t.effective_from.year
                for t in targets
                if t.category_code == top.code and t.effective_from.year > year
            ),
            default=None,
        )
        nxt = bands_for(targets, first).get(top.code) if first is not None else None
        upcoming = (first, nxt) if first is not None and nxt is not None else None
        rows.append(BandRow(top.code, top.name(locale), now.get(top.code), upcoming))
    return rows


def get_bands(session: Session, locale: str, year: int) -> tuple[list[BandRow], list[TargetEntry]]:
    """get_band_rows, and every band ever set, newest first."""
    targets = list_targets(session)
    # The row in force per category, by bands_for's rule (latest effective, then last set).
    current: dict[str, Target] = {}
    for t in targets:
        if t.effective_from.year <= year:
            held = current.get(t.category_code)
            if held is None or (held.effective_from, held.id) < (t.effective_from, t.id):
                current[t.category_code] = t
    history = [
        TargetEntry(
            t.category_code,
            _band(t),
            t.set_by,
            t.created_at,
            t.reason,
            current.get(t.category_code) is t,
        )
        for t in sorted(targets, key=lambda t: (t.created_at, t.id), reverse=True)
    ]
    return get_band_rows(session, locale, year, targets), history


def _band(t: Target) -> Band:
    return Band(
        Decimal(t.min_pct),
        None if t.max_pct is None else Decimal(t.max_pct),
        t.effective_from.year,
    )


def deleted_entry(history: list[HistoryEntry]) -> HistoryEntry | None:
    """The entry that last ended the record: a deletion, or the revert of the import
    that created it."""
    created_by = {h.batch_id for h in history if h.action == "imported"}
    return next(
        (
            h
            for h in reversed(history)
            if h.action == "deleted" or (h.action == "import-reverted" and h.batch_id in created_by)
        ),
        None,
    )
