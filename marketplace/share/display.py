"""The measure's figures as people read them: rounded as the methodology states,
labelled in the reader's language. The dashboard, the public summary, the charts
and the exports all take their numbers from here, so screen and files agree."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from flask_babel import gettext as _

from marketplace.i18n.labels import label
from marketplace.main.templating import format_number
from marketplace.share.measure import (
    MIN_RECORDS,
    CategoryRow,
    Coverage,
    Dashboard,
    Figure,
    Status,
)
from marketplace.share.models import SupplySource
from marketplace.share.targets import PLAN_END, Band

NO_SOURCE = "none"  # the filters' and the labels' word for a record without a source
TENTH = Decimal("0.1")
# A share below its band is rounded down and one above it rounded up, so a rounded
# figure never seems to meet a bound it misses (69.96% shows as 69.9%, not 70.0%).
_ROUNDING = {Status.BELOW: ROUND_FLOOR, Status.ABOVE: ROUND_CEILING}


def fmt_pct(value: Decimal | None, sign: bool = False) -> str:
    """One decimal in the reader's locale (`72.3`, `72,3`); '' for None. Rounds half
    up itself (Babel would round half to even)."""
    if value is None:
        return ""
    value = value.quantize(TENTH, ROUND_HALF_UP)
    return str(format_number(value, pattern="+#,##0.0;-#,##0.0" if sign else "#,##0.0"))


def fmt_number(value: Decimal) -> str:
    """A bound or threshold as given (`70`, `7.5`, `7,5`)."""
    return str(format_number(value.normalize()))


def pct_text(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt_pct(value)}%"


def band_text(band: Band | None, no_target: bool = False) -> str:
    """`70–80%`, `≥ 20%` (a minimum only); without a band '', or "no target" where the
    page says so. Registered for templates as `band_label`."""
    if band is None:
        return _("no target") if no_target else ""
    low = fmt_number(band.min_pct)
    if band.max_pct is None:
        return f"≥ {low}%"
    return f"{low}–{fmt_number(band.max_pct)}%"


def shown_share(figure: Figure) -> Decimal | None:
    """The share in percent with one decimal, rounded as the methodology says."""
    share = figure.share
    return None if share is None else _tenths(share * 100, figure.status)


def shown_gap(figure: Figure) -> Decimal | None:
    """Points from the lower bound, rounded like the share (so share − bound = gap)."""
    share = figure.share
    if share is None or figure.band is None:
        return None
    return _tenths(share * 100 - Fraction(figure.band.min_pct), figure.status)


def _tenths(value: Fraction, status: str) -> Decimal:
    """Exactly rounded to one decimal: down when below the band, up when above,
    otherwise half away from zero."""
    scaled = value * 10
    rounding = _ROUNDING.get(status, ROUND_HALF_UP)
    if rounding == ROUND_FLOOR:
        n = math.floor(scaled)
    elif rounding == ROUND_CEILING:
        n = math.ceil(scaled)
    else:
        n = math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return Decimal(n).scaleb(-1)  # one decimal kept: 100.0, not 100


def status_text(status: str, band: Band | None = None) -> str:
    """The status in words (status is never shown by colour alone)."""
    if status == Status.WITHIN and band is not None and band.max_pct is None:
        return _("At or above the minimum")
    return {
        Status.BELOW: _("Below the band"),
        Status.WITHIN: _("Within the band"),
        Status.ABOVE: _("Above the band"),
        Status.NO_TARGET: _("No target"),
        Status.NO_DATA: _("No data"),
    }[status]


def method_text(method: str, threshold: Decimal) -> str:
    if method == "local_content":
        return _("Local content: each record's value weighted by its local content")
    if method == "threshold":
        return _(
            "Threshold: made in Vietnam with at least %(pct)s%% local content",
            pct=fmt_number(threshold),
        )
    return _("Origin: value of equipment made in Vietnam")


def method_choices() -> list[tuple[str, str]]:
    return [
        ("origin", _("Origin (made in Vietnam)")),
        ("local_content", _("Local content (weighted)")),
        ("threshold", _("Threshold (made in Vietnam, enough local content)")),
    ]


def source_labels() -> dict[str, str]:
    """Every source of a record in words, "none" (not given) last: the forms' choices,
    the record pages, the coverage and the exports all say them so."""
    return {**{s.value: label(s) for s in SupplySource}, NO_SOURCE: _("Source not given")}


def source_text(source: str | None) -> str:
    """A record's source in words; none ('' in the aggregates) is "Source not given"."""
    labels = source_labels()
    return labels.get(source or NO_SOURCE) or labels[NO_SOURCE]


def sources_text(sources: Sequence[tuple[str, Decimal]]) -> str:
    """`Public procurement 60.0%; Surveys 40.0%`."""
    return "; ".join(f"{name} {pct_text(pct)}" for name, pct in sources)


def thin_text(records: int) -> str:
    return _("Too little data: %(n)d of the %(min)d records needed", n=records, min=MIN_RECORDS)


@dataclass
class Trend:
    """The trajectory in rounded numbers and in words."""

    first_year: int | None
    last_year: int | None
    so_far_pp: Decimal | None  # points a year, first → last year with enough records
    needed_pp: Decimal | None  # points a year still needed to reach the lower bound
    reached: bool
    text: str


@dataclass
class Line:
    """One category or subcategory in one year, ready to show or export."""

    code: str
    name: str
    year: int
    records: int
    total_vnd: int
    domestic_vnd: int
    share: Decimal | None
    thin: bool
    band: str = ""
    band_since: int | None = None
    status: str = Status.NO_DATA
    status_text: str = ""
    gap_pp: Decimal | None = None
    needed_vnd: int | None = None

    @property
    def warning(self) -> str:
        """Said instead of a confident number when the records are too few."""
        return thin_text(self.records) if self.thin else ""


@dataclass
class Row:
    """A top-level category row of the dashboard."""

    line: Line
    linked_pct: Decimal | None
    product_pct: Decimal | None
    sources: list[tuple[str, Decimal]]  # (source in words, % of the value)
    trend: Trend
    history: list[Line]  # one per year of the chart
    subcategories: list[Line]  # those with records in the year
    empty_subcategories: list[tuple[str, str]]  # (code, name) of those without
    own: Line | None  # records filed under the category itself, not a subcategory
    figure: Figure = field(repr=False)

    @property
    def code(self) -> str:
        return self.line.code

    @property
    def has_history(self) -> bool:
        """Any records in any year of the chart."""
        return any(h.records for h in self.history)


def line(figure: Figure, name: str) -> Line:
    return Line(
        code=figure.code,
        name=name,
        year=figure.year,
        records=figure.records,
        total_vnd=figure.total_vnd,
        domestic_vnd=figure.domestic_vnd,
        share=shown_share(figure),
        thin=figure.thin,
        band=band_text(figure.band),
        band_since=figure.band.since if figure.band else None,
        status=figure.status,
        status_text=status_text(figure.status, figure.band),
        gap_pp=shown_gap(figure),
        needed_vnd=figure.needed_vnd,
    )


def rows(board: Dashboard, locale: str) -> list[Row]:
    """The dashboard's rows in the reader's language."""
    return [_row(r, board, locale) for r in board.rows]


def _row(r: CategoryRow, board: Dashboard, locale: str) -> Row:
    main = line(r.figure, r.category.name(locale))
    subs = [_sub(f, cat.name(locale)) for cat, f in r.subcategories if f.records]
    empty = [(cat.code, cat.name(locale)) for cat, f in r.subcategories if not f.records]
    return Row(
        line=main,
        linked_pct=pct_of(r.coverage.linked_vnd, r.coverage.value_vnd),
        product_pct=pct_of(r.coverage.product_vnd, r.coverage.value_vnd),
        sources=sources(r.coverage),
        trend=trend(r, board.year),
        history=[line(f, main.name) for _y, f in sorted(r.history.items())],
        subcategories=subs,
        empty_subcategories=empty,
        own=_own(r, main, subs),
        figure=r.figure,
    )


def _sub(figure: Figure, name: str) -> Line:
    """Subcategories have no band of their own: only "no data" is said."""
    out = line(figure, name)
    out.status_text = "" if figure.share is not None else out.status_text
    return out


def _own(r: CategoryRow, main: Line, subs: Sequence[Line]) -> Line | None:
    """What is filed under the top-level code itself: the category less its
    subcategories (exact for totals and records; the domestic value of the local
    content method differs from an exact sum by the subcategories' rounding)."""
    records = main.records - sum(s.records for s in subs)
    if records <= 0:
        return None
    total = main.total_vnd - sum(s.total_vnd for s in subs)
    domestic = main.domestic_vnd - sum(s.domestic_vnd for s in subs)
    figure = Figure(r.category.code, main.year, r.figure.method, records, total, domestic, None)
    return _sub(figure, _("Filed under the category itself"))


def pct_of(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal half up (coverage); None of 0."""
    return _tenths(Fraction(part * 100, whole), Status.WITHIN) if whole else None


def sources(cov: Coverage) -> list[tuple[str, Decimal]]:
    """(source in words, % of the value), largest first."""
    ordered = sorted(cov.sources.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(source_text(s), pct_of(v, cov.value_vnd) or Decimal(0)) for s, v in ordered]


def total_coverage(board: Dashboard) -> Coverage:
    """All categories together, the sum of the rows' coverage: the dashboard's and
    the report's totals."""
    out = Coverage()
    for r in board.rows:
        out.add(r.coverage)
    return out


def trend(r: CategoryRow, year: int) -> Trend:
    """The trajectory rounded (so far: half up; still needed: up) and said plainly."""
    t = r.trajectory
    so_far = None if t.so_far_pp is None else t.so_far_pp.quantize(TENTH, ROUND_HALF_UP)
    needed = None if t.needed_pp is None else t.needed_pp.quantize(TENTH, ROUND_CEILING)
    band = t.target
    parts = []
    if band is None:
        parts.append(_("No target to reach"))
    elif r.figure.share is None:
        parts.append(_("No data this year"))
    elif r.figure.thin:
        parts.append(_("Too few records for a pace"))
    elif t.reached:
        parts.append(
            _("At or above the %(end)d lower bound (%(bound)s%%)", end=PLAN_END, bound=_bound(band))
        )
    elif needed is not None:
        parts.append(
            _(
                "Needs %(pp)s points a year to reach %(bound)s%% by %(end)d",
                pp=fmt_pct(needed, sign=True),
                bound=_bound(band),
                end=PLAN_END,
            )
        )
    else:
        parts.append(_("Below the lower bound at the end of the plan (%(end)d)", end=PLAN_END))
    if band is not None and band != r.figure.band:
        # The status uses this year's band; the trajectory the one set for 2030.
        parts.append(
            _(
                "aimed at the band set for %(end)d: %(band)s, from %(since)d",
                end=PLAN_END,
                band=band_text(band),
                since=band.since,
            )
        )
    if so_far is not None and t.first_year is not None and t.last_year is not None:
        parts.append(
            _(
                "%(first)d–%(last)d averaged %(pp)s points a year",
                first=t.first_year,
                last=t.last_year,
                pp=fmt_pct(so_far, sign=True),
            )
        )
    else:
        parts.append(_("Too few years with enough records for a trend"))
    return Trend(t.first_year, t.last_year, so_far, needed, t.reached, "; ".join(parts))


def _bound(band: Band) -> str:
    return fmt_number(band.min_pct)
