"""Server-side SVG charts of the domestic share: no JavaScript, no library, the
same markup on the page, offline and in the PDF report.

Both charts are `role="img"` with an accessible name (`aria-label`, `<title>`) and
a `<desc>` that states every value in words; callers still show a table beside
them. Colours are only presentation attributes (the site's CSP forbids inline
styles), each with at least 3:1 contrast for shapes and 4.5:1 for text on white;
status is always written out, never told by colour alone. Every text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from marketplace.share.display import Row, band_text, pct_text, shown_share, thin_text
from marketplace.share.measure import Dashboard, Figure, Status
from marketplace.share.targets import Band

INK = "#212529"  # text: 15:1 on white
MUTED = "#495057"  # secondary text: 8:1 on white, 6:1 on the band's fill
LINE = "#1d4f91"  # the share: 8:1 on white
THIN = "#6c757d"  # a share on too few records: 4.7:1 on white
WARN = "#7a4100"  # a warning in words: 7:1 on white
GRID = "#ced4da"
BAND_FILL = "#cfe8da"
BAND_EDGE = "#1e6b45"  # the band's bounds: 6:1 on white
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


@dataclass(frozen=True)
class Point:
    """One year of a trend: the share in percent (None: no data in that year)."""

    year: int
    pct: Decimal | None
    thin: bool = False  # fewer records than the measure's minimum


@dataclass(frozen=True)
class BarRow:
    """One category in the all-categories chart."""

    label: str  # e.g. "WW · Wastewater treatment equipment"
    pct: Decimal | None  # None: no data
    band: Band | None  # None: no target
    note: str  # the status in words, e.g. "Below the band"
    thin: bool = False  # drawn in grey
    warning: str = ""  # e.g. "Too little data: 7 records", on a line of its own


Scale = Callable[[Decimal | float], float]


def bar_rows(rows: Sequence[Row]) -> list[BarRow]:
    """The dashboard's rows (share/display.py) as bars: the status in words, and
    for a thin figure how few records it rests on."""
    out = []
    for r in rows:
        line = r.line
        quiet = line.status in (Status.NO_DATA, Status.NO_TARGET)
        out.append(
            BarRow(
                label=f"{line.code} · {line.name}",
                pct=line.share,
                band=r.figure.band,
                note="" if quiet else line.status_text,
                thin=line.thin,
                warning=thin_text(line.records) if line.thin else "",
            )
        )
    return out


@dataclass(frozen=True)
class PageCharts:
    """The charts of a figures page (dashboard, summary, annual report)."""

    bands: Markup  # every category against its band (id `bands-all`)
    bands_text: str  # the same in words, to show beside it
    trends: dict[str, Markup]  # category code -> its share by year (ids `trend-CODE`)


def page_charts(
    board: Dashboard, rows: Sequence[Row], trends: bool = True, until: int | None = None
) -> PageCharts:
    """The year's categories against their bands and, with `trends`, a chart of each
    category with records in any year, each year against the band in force then;
    `until`: no points after that year (a report speaks of its own year)."""
    bars = bar_rows(rows)
    title = _("Domestic share of each category against its band, %(year)d", year=board.year)
    by_year = {}
    for r, c in zip(rows, board.rows, strict=True):
        if trends and r.has_history:
            name = _("%(name)s: domestic share by year", name=r.line.name)
            by_year[r.code] = trend_chart(
                c.history, title=name, chart_id=f"trend-{r.code}", until=until
            )
    return PageCharts(bands_chart(bars, title, "bands-all"), bands_summary(bars), by_year)


def trend_chart(
    history: Mapping[int, Figure], title: str, chart_id: str, until: int | None = None
) -> Markup:
    """The share by year (the measure's figures; their years are the x axis) as a line
    with points, over the band in force each year shaded; years without data are
    gaps in the line, thin years are drawn hollow. A minimum-only band is shaded from
    the minimum to 100% with a dashed bound."""
    pts = {
        y: Point(y, shown_share(f) if until is None or y <= until else None, f.thin)
        for y, f in history.items()
    }
    axis = sorted(pts)
    bands = {y: f.band for y, f in history.items()}
    width, height = 640, 300
    left, right, top, bottom = 52, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(axis), 1)

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(pct: Decimal | float) -> float:
        return top + plot_h * (1 - float(pct) / 100)

    out = [_open(chart_id, width, height, title, trend_summary(pts.values(), bands, axis))]
    out.append(_y_grid(left, width - right, y))
    for start, end, b in _runs(axis, bands):
        out.append(_band_rect(left + step * start, step * (end - start + 1), y, b))
    prev: tuple[float, float] | None = None
    for i, year in enumerate(axis):
        p = pts.get(year)
        if p is None or p.pct is None:
            prev = None
            continue
        here = (x(i), y(p.pct))
        if prev is not None:
            out.append(_line(*prev, *here, LINE, 2.5))
        prev = here
    for i, year in enumerate(axis):
        out.append(_text(x(i), top + plot_h + 18, str(year), anchor="middle"))
        p = pts.get(year)
        if p is not None and p.pct is not None:
            out.append(_marker(x(i), y(p.pct), p.thin))
            label_y = y(p.pct) - 9 if p.pct < 90 else y(p.pct) + 18
            colour = MUTED if p.thin else INK
            out.append(_text(x(i), label_y, pct_text(p.pct), "middle", 11, True, colour, halo=True))
    out.append(_trend_legend(left, height - 18, bands, any(p.thin for p in pts.values())))
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704 - every text in it went through escape()


def trend_summary(
    pts: Iterable[Point], bands: Mapping[int, Band | None], years: Sequence[int]
) -> str:
    """The chart in words: each year's share (or no data) and the band in force."""
    by_year = {p.year: p for p in pts}
    parts = []
    for year in years:
        p = by_year.get(year)
        if p is None or p.pct is None:
            parts.append(_("%(year)d: no data", year=year))
        else:
            text = f"{year}: {pct_text(p.pct)}"
            if p.thin:
                text += f" ({_('too little data')})"
            parts.append(text)
    summary = "; ".join(parts) + "."
    shown = {band_text(b) for b in bands.values() if b is not None}
    if shown:
        summary += " " + _("Target band: %(band)s.", band=", ".join(sorted(shown)))
    else:
        summary += " " + _("No target.")
    return summary


def bands_chart(rows: Sequence[BarRow], title: str, chart_id: str) -> Markup:
    """Every category against its band for one year: a horizontal bar of the share
    over the band shaded behind it, the share and `note` written beside it; no data
    and no target are written out, not drawn. The description is `bands_summary`."""
    width, left, top, row_h = 720, 8, 8, 66
    plot_w = int(width * 0.56)
    text_x = left + plot_w + 14
    height = top + row_h * len(rows) + 40

    def x(pct: Decimal | float) -> float:
        return left + plot_w * float(pct) / 100

    out = [_open(chart_id, width, height, title, bands_summary(rows))]
    bottom = top + row_h * len(rows)
    for tick in range(0, 101, 20):
        out.append(_line(x(tick), top + 18, x(tick), bottom, GRID, 1))
        out.append(_text(x(tick), bottom + 16, f"{tick}%", anchor="middle", size=11))
    for i, r in enumerate(rows):
        y0 = top + row_h * i
        bar_y = y0 + 22
        out.append(_text(left, y0 + 13, r.label, size=13, bold=True))
        if r.band is not None:
            hi = r.band.max_pct if r.band.max_pct is not None else Decimal(100)
            out.append(
                f'<rect x="{x(r.band.min_pct):.1f}" y="{bar_y}" '
                f'width="{x(hi) - x(r.band.min_pct):.1f}" height="22" fill="{BAND_FILL}"/>'
            )
        if r.pct is not None:
            out.append(
                f'<rect x="{left}" y="{bar_y + 6}" width="{max(x(r.pct) - left, 1):.1f}" '
                f'height="10" fill="{THIN if r.thin else LINE}"/>'
            )
        if r.band is not None:  # the bounds over the bar, so both stay visible
            out.append(_line(x(r.band.min_pct), bar_y, x(r.band.min_pct), bar_y + 22, BAND_EDGE, 2))
            if r.band.max_pct is not None:
                out.append(_line(x(hi), bar_y, x(hi), bar_y + 22, BAND_EDGE, 2))
        value = pct_text(r.pct) if r.pct is not None else _("No data")
        out.append(_text(text_x, bar_y + 8, value, size=12, bold=True))
        note = " · ".join(t for t in (r.note, band_text(r.band, no_target=True)) if t)
        out.append(_text(text_x, bar_y + 22, note, size=11, fill=MUTED))
        if r.warning:
            out.append(_text(text_x, bar_y + 36, r.warning, size=11, fill=WARN, bold=True))
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704 - every text in it went through escape()


def bands_summary(rows: Iterable[BarRow]) -> str:
    """The bands chart in words, one sentence a category."""
    parts = []
    for r in rows:
        value = pct_text(r.pct) if r.pct is not None else _("no data")
        band = band_text(r.band, no_target=True)
        notes = " — ".join(t for t in (r.note, r.warning) if t)
        parts.append(f"{r.label}: {value}, {band}" + (f" — {notes}." if notes else "."))
    return " ".join(parts)


def _runs(years: Sequence[int], bands: Mapping[int, Band | None]) -> list[tuple[int, int, Band]]:
    """Consecutive years under the same band, as (first index, last index, band)."""
    out: list[tuple[int, int, Band]] = []
    for i, year in enumerate(years):
        b = bands.get(year)
        if b is None:
            continue
        if out and out[-1][1] == i - 1 and _same(out[-1][2], b):
            out[-1] = (out[-1][0], i, b)
        else:
            out.append((i, i, b))
    return out


def _same(a: Band, b: Band) -> bool:
    return (a.min_pct, a.max_pct) == (b.min_pct, b.max_pct)


def _open(cid: str, width: int, height: int, title: str, desc: str) -> str:
    cid = escape(cid)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="share-chart" id="{cid}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" aria-describedby="{cid}-desc" '
        f'font-family="{FONT}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
    )


def _y_grid(x0: float, x1: float, y: Scale) -> str:
    out = []
    for tick in range(0, 101, 20):
        yy = y(tick)
        out.append(_line(x0, yy, x1, yy, GRID, 1))
        out.append(_text(x0 - 6, yy + 4, f"{tick}%", anchor="end", size=11))
    return "".join(out)


def _band_rect(x0: float, w: float, y: Scale, band: Band) -> str:
    top_pct = band.max_pct if band.max_pct is not None else Decimal(100)
    y_lo, y_hi = y(band.min_pct), y(top_pct)
    out = [
        f'<rect x="{x0:.1f}" y="{y_hi:.1f}" width="{w:.1f}" height="{y_lo - y_hi:.1f}" '
        f'fill="{BAND_FILL}" fill-opacity="{1 if band.max_pct is not None else 0.6}"/>',
        _line(x0, y_lo, x0 + w, y_lo, BAND_EDGE, 2, dashed=band.max_pct is None),
    ]
    if band.max_pct is not None:
        out.append(_line(x0, y_hi, x0 + w, y_hi, BAND_EDGE, 2))
    return "".join(out)


def _trend_legend(x0: float, y0: float, bands: Mapping[int, Band | None], thin: bool) -> str:
    out = [
        _line(x0, y0 - 4, x0 + 22, y0 - 4, LINE, 2.5),
        _marker(x0 + 11, y0 - 4, False),
        _text(x0 + 28, y0, _("Domestic share"), size=11),
    ]
    at = x0 + 150
    if thin:
        out.append(_marker(at, y0 - 4, True))
        out.append(_text(at + 8, y0, _("too little data"), size=11))
        at += 140
    shown = sorted({band_text(b) for b in bands.values() if b is not None})
    if shown:
        out.append(
            f'<rect x="{at}" y="{y0 - 11}" width="22" height="12" fill="{BAND_FILL}" '
            f'stroke="{BAND_EDGE}" stroke-width="1.5"/>'
        )
        label = _("Target band %(band)s", band=", ".join(shown))
        out.append(_text(at + 28, y0, label, size=11))
    return "".join(out)


def _marker(cx: float, cy: float, thin: bool) -> str:
    fill = "#ffffff" if thin else LINE
    stroke = THIN if thin else LINE
    return (
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="2"/>'
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, colour: str, w: float, dashed: bool = False
) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="{w}"{dash}/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    anchor: str = "start",
    size: int = 12,
    bold: bool = False,
    fill: str = INK,
    halo: bool = False,
) -> str:
    weight = ' font-weight="600"' if bold else ""
    at = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight}'
    label = f'<text {at} fill="{fill}">{escape(text)}</text>'
    if not halo:
        return label
    # A white outline under the label keeps it readable where it crosses a line or
    # the band: drawn as its own text first, since the PDF renderer ignores
    # paint-order and would paint a stroke over the letters.
    under = (
        f'<text {at} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'aria-hidden="true">{escape(text)}</text>'
    )
    return under + label
