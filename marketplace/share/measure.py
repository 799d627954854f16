"""The domestic-share measure, exactly as the methodology page states it.

Per year and top-level category (subcategory records roll up to their parent):
- total: the sum of the records' values;
- `origin`: the value of records made in Vietnam (origin VN);
- `local_content`: each record's value weighted by its local content: the record's
  own, else its linked product's declared value, else 100 for VN and 0 otherwise;
- `threshold`: the value of VN records whose local content (as above) reaches the
  threshold (default 30%).
Values are summed exactly (integers; weights in hundredths of a percent) and the
domestic value is rounded to the nearest VND once per category. All sums come from
one GROUP BY over `share_cells`; Python only combines those groups."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from marketplace.categories.models import Category
from marketplace.categories.queries import list_top_categories
from marketplace.share.sums import Coverage, Sums, cell_sums, coverage_for
from marketplace.share.targets import PLAN_END, Band, bands_for, list_targets

METHODS = ("origin", "local_content", "threshold")
DEFAULT_THRESHOLD = Decimal(30)
# Fewer records than this in a category and year: the figure is shown as too thin
# to rely on (one large contract can move it by tens of points).
MIN_RECORDS = 20


class Status:
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


@dataclass
class Figure:
    """One category (or subcategory) in one year by one method."""

    code: str
    year: int
    method: str
    records: int
    total_vnd: int
    domestic_vnd: int
    band: Band | None

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.domestic_vnd, self.total_vnd) if self.total_vnd else None

    @property
    def share_float(self) -> float | None:
        share = self.share
        return None if share is None else self.domestic_vnd / self.total_vnd

    @property
    def share_pct(self) -> Decimal | None:
        share = self.share
        return None if share is None else _dec(share * 100)

    @property
    def thin(self) -> bool:
        return 0 < self.records < MIN_RECORDS

    @property
    def status(self) -> str:
        share = self.share
        if share is None:
            return Status.NO_DATA
        if self.band is None:
            return Status.NO_TARGET
        if share < Fraction(self.band.min_share):
            return Status.BELOW
        if self.band.max_share is not None and share > Fraction(self.band.max_share):
            return Status.ABOVE
        return Status.WITHIN

    @property
    def gap_pp(self) -> Decimal | None:
        """Percentage points from the lower bound (negative: short of it)."""
        share = self.share
        if share is None or self.band is None:
            return None
        return _dec(share * 100 - Fraction(self.band.min_pct))

    @property
    def needed_vnd(self) -> int | None:
        """Domestic value that would have had to replace imports to reach the lower
        bound (the total unchanged); None unless below it."""
        if self.status != Status.BELOW or self.band is None:
            return None
        need = Decimal(self.total_vnd) * self.band.min_pct / 100 - self.domestic_vnd
        return int(need.to_integral_value(ROUND_CEILING))


@dataclass
class Trajectory:
    """Points per year so far and still needed to reach the lower bound by 2030."""

    first_year: int | None = None
    last_year: int | None = None
    so_far_pp: Decimal | None = None  # average change per year, first → last year
    needed_pp: Decimal | None = None  # per year from the chosen year to 2030
    reached: bool = False  # at or over the 2030 lower bound already
    target: Band | None = None  # the band in force in 2030, which the trajectory aims at


@dataclass
class CategoryRow:
    category: Category
    figure: Figure
    coverage: Coverage
    history: dict[int, Figure]  # year -> figure, for the chart and the trajectory
    trajectory: Trajectory
    subcategories: list[tuple[Category, Figure]]


@dataclass
class Dashboard:
    year: int
    method: str
    threshold: Decimal
    rows: list[CategoryRow]
    years: list[int]  # the years the charts show

    @property
    def totals(self) -> Sums:
        out = Sums()
        for r in self.rows:
            out.records += r.figure.records
            out.total += r.figure.total_vnd
        return out


def current_threshold() -> Decimal:
    """The threshold method's local-content threshold (SHARE_THRESHOLD_PCT, default 30)."""
    return Decimal(str(current_app.config.get("SHARE_THRESHOLD_PCT", DEFAULT_THRESHOLD)))


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def api_figures(
    session: Session, year: int, method: str, threshold: Decimal = DEFAULT_THRESHOLD
) -> list[Figure]:
    """One figure per top-level category (all eight, in order) for one year."""
    sums = cell_sums(session, threshold, year)
    bands = bands_for(list_targets(session), year)
    out = []
    for cat in list_top_categories(session):
        total = Sums()
        for code in (cat.code, *(ch.code for ch in cat.children)):
            if (year, code) in sums:
                total.add(sums[(year, code)])
        out.append(_figure(cat.code, year, method, total, bands.get(cat.code)))
    return out


def _figure(code: str, year: int, method: str, s: Sums, band: Band | None) -> Figure:
    return Figure(code, year, method, s.records, s.total, s.domestic(method), band)


def dashboard(
    session: Session, year: int, method: str, threshold: Decimal = DEFAULT_THRESHOLD
) -> Dashboard:
    """Every top-level category for `year`: the figure, its coverage, subcategories,
    each year's figure (charts) and the trajectory towards 2030."""
    sums = cell_sums(session, threshold)
    coverage = coverage_for(session, year)
    targets = list_targets(session)
    data_years = sorted({y for y, _c in sums})
    first = min([*data_years, year])
    years = list(range(first, max(PLAN_END, year) + 1))
    bands = {y: bands_for(targets, y) for y in years}
    rows = []
    for cat in list_top_categories(session):
        codes = (cat.code, *(ch.code for ch in cat.children))
        history = {}
        for y in years:
            total = Sums()
            for code in codes:
                if (y, code) in sums:
                    total.add(sums[(y, code)])
            history[y] = _figure(cat.code, y, method, total, bands[y].get(cat.code))
        cov = Coverage()
        for code in codes:
            if code in coverage:
                cov.add(coverage[code])
        subs = [
            (ch, _figure(ch.code, year, method, sums.get((year, ch.code), Sums()), None))
            for ch in cat.children
        ]
        rows.append(CategoryRow(cat, history[year], cov, history, trajectory(history, year), subs))
    return Dashboard(year, method, threshold, rows, years)


def trajectory(history: dict[int, Figure], year: int) -> Trajectory:
    """Change per year so far: from the first year with enough records to `year`.
    Needed per year: from `year`'s share to the lower bound of the band in force in
    2030, by 2030."""
    out = Trajectory()
    now = history[year]
    solid = [y for y, f in sorted(history.items()) if y <= year and f.records >= MIN_RECORDS]
    if len(solid) >= 2:
        first, last = history[solid[0]].share, history[solid[-1]].share
        if first is not None and last is not None:  # always: they have records
            out.first_year, out.last_year = solid[0], solid[-1]
            out.so_far_pp = _dec((last - first) * 100 / (solid[-1] - solid[0]))
    # Aimed at the band in force in 2030 (a band set for a later year counts, not
    # only the one in force in the chosen year).
    out.target = history[PLAN_END].band if PLAN_END in history else now.band
    share = now.share
    if share is not None and out.target is not None:
        gap = Fraction(out.target.min_pct) - share * 100
        if gap <= 0:
            out.reached = True
        elif year < PLAN_END:
            out.needed_pp = _dec(gap / (PLAN_END - year))
    return out


def as_api(figures: list[Figure]) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "domestic_value_vnd": f.domestic_vnd,
            "total_value_vnd": f.total_vnd,
            "share": f.share_float,
            "target_min": float(f.band.min_share) if f.band else None,
            "target_max": float(f.band.max_share)
            if f.band and f.band.max_share is not None
            else None,
            "status": f.status,
            "records": f.records,
            "low_data": f.thin,
        }
        for f in figures
    ]
