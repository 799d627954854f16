"""The sums behind every figure, from the aggregates in SQL: per year and category
as recorded, the total, the value made in Vietnam, the value passing the threshold
and the value weighted by local content (hundredths of a percent), all exact; and
the coverage of the records. Python combines these few rows, never the records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, Numeric, and_, case, cast, func, literal_column, select, type_coerce
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from marketplace.products.models import Product
from marketplace.share.models import NO_PCT, Link, ShareCell, ShareCoverage

FULL = 10000  # 100% in hundredths of a percent
INT64_MAX = 2**63 - 1


@dataclass
class Sums:
    records: int = 0
    total: int = 0
    origin: int = 0  # value of VN records
    threshold: int = 0  # value of VN records whose content reaches the threshold
    weighted: int = 0  # sum of value × content (hundredths of a percent)

    def add(self, other: Sums) -> None:
        self.records += other.records
        self.total += other.total
        self.origin += other.origin
        self.threshold += other.threshold
        self.weighted += other.weighted

    def domestic(self, method: str) -> int:
        if method == "origin":
            return self.origin
        if method == "threshold":
            return self.threshold
        return int((Decimal(self.weighted) / FULL).to_integral_value(ROUND_HALF_UP))


@dataclass
class Coverage:
    records: int = 0
    value_vnd: int = 0
    linked_vnd: int = 0  # value of records tied to a registered supplier or product
    product_vnd: int = 0  # ... to a registered product
    sources: dict[str, int] = field(default_factory=dict)  # source ("" unknown) -> value

    @property
    def linked_share(self) -> Decimal | None:
        if not self.value_vnd:
            return None
        share = Fraction(self.linked_vnd * 100, self.value_vnd)
        return Decimal(share.numerator) / Decimal(share.denominator)

    def add(self, other: Coverage) -> None:
        self.records += other.records
        self.value_vnd += other.value_vnd
        self.linked_vnd += other.linked_vnd
        self.product_vnd += other.product_vnd
        for k, v in other.sources.items():
            self.sources[k] = self.sources.get(k, 0) + v


def _hundredths(pct: Decimal) -> int:
    """A percentage in hundredths, as local content is stored (thresholds are read
    with two decimals at most; a third would be rounded, never cut)."""
    return int((pct * 100).to_integral_value(ROUND_HALF_UP))


def _content(c: Any) -> Any:
    """A cell's local content in hundredths of a percent: the records' own, else the
    linked product's declared value (as it is now), else 100 for VN and 0 otherwise."""
    # Integer, whatever the branches' types: hundredths, never the Percent type's
    # Decimal of percents (that would scale every weight by 1/100).
    return case(
        (c.own_bp != NO_PCT, c.own_bp),
        (Product.local_content_pct.is_not(None), type_coerce(Product.local_content_pct, Integer)),
        (c.domestic, FULL),
        else_=0,
    )


def cell_sums(
    session: Session, threshold: Decimal, year: int | None = None
) -> dict[tuple[int, str], Sums]:
    """(year, category code as recorded) -> sums, from one GROUP BY over the cells
    (the linked products' declared content read as it is now).

    The sums per (year, category) are made in SQL, so a few hundred rows come back
    however many content values the cells hold. PostgreSQL weights in NUMERIC (exact);
    SQLite in 64-bit integers, exact while a group's value × 100% fits them, which
    any real year does: past that, the cells come back and Python sums them."""
    c = ShareCell.__table__.c
    content = _content(c)
    postgres = session.get_bind().dialect.name == "postgresql"
    value = cast(c.value_vnd, Numeric) if postgres else c.value_vnd
    stmt = (
        select(
            c.year,
            c.category_code,
            func.sum(c.records),
            func.sum(c.value_vnd),
            func.sum(case((c.domestic, c.value_vnd), else_=0)),
            func.sum(
                case((and_(c.domestic, content >= _hundredths(threshold)), c.value_vnd), else_=0)
            ),
            func.sum(value * content),
        )
        .select_from(ShareCell.__table__)
        .outerjoin(Product, Product.id == c.product_id)
        .group_by(c.year, c.category_code)
    )
    if year is not None:
        stmt = stmt.where(c.year == year)
    out: dict[tuple[int, str], Sums] = {}
    try:
        rows = session.execute(stmt).tuples().all()
    except OperationalError:  # SQLite: "integer overflow" in the weighted sum
        return _cell_sums_by_content(session, threshold, year)
    for y, code, n, total, origin, passed, weighted in rows:
        if not postgres and int(total) > INT64_MAX // FULL:
            return _cell_sums_by_content(session, threshold, year)
        out[(y, code)] = Sums(int(n), int(total), int(origin), int(passed), int(weighted))
    return out


def _cell_sums_by_content(
    session: Session, threshold: Decimal, year: int | None
) -> dict[tuple[int, str], Sums]:
    """cell_sums with a row per content value, summed in Python's unbounded integers."""
    c = ShareCell.__table__.c
    stmt = (
        select(
            c.year,
            c.category_code,
            c.domestic,
            _content(c).label("bp"),
            func.sum(c.records),
            func.sum(c.value_vnd),
        )
        .select_from(ShareCell.__table__)
        .outerjoin(Product, Product.id == c.product_id)
        # Ordinals: PostgreSQL would take the CASE's parameters in GROUP BY for a
        # different expression than in the select list.
        .group_by(*(literal_column(str(i)) for i in range(1, 5)))
    )
    if year is not None:
        stmt = stmt.where(c.year == year)
    limit = _hundredths(threshold)
    out: dict[tuple[int, str], Sums] = defaultdict(Sums)
    for y, code, domestic, bp, n, value in session.execute(stmt).tuples():
        s = out[(y, code)]
        n, value, bp = int(n), int(value), int(bp)
        s.records += n
        s.total += value
        s.weighted += value * bp
        if domestic:
            s.origin += value
            if bp >= limit:
                s.threshold += value
    return out


def coverage_for(session: Session, year: int) -> dict[str, Coverage]:
    """Category code as recorded -> coverage in `year`."""
    c = ShareCoverage.__table__.c
    stmt = select(c.category_code, c.source, c.link, c.records, c.value_vnd).where(c.year == year)
    out: dict[str, Coverage] = defaultdict(Coverage)
    for code, source, link, n, value in session.execute(stmt).tuples():
        cov = out[code]
        cov.records += n
        cov.value_vnd += value
        if link != Link.NONE:
            cov.linked_vnd += value
        if link == Link.PRODUCT:
            cov.product_vnd += value
        cov.sources[source] = cov.sources.get(source, 0) + value
    return out
