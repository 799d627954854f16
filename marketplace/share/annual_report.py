"""The annual report for the city and the Ministry: one year's figures by every
method, the charts, the trajectories and how well the figures are backed, in the
reader's language. The numbers come from measure.dashboard through display.rows,
exactly as the dashboard shows them; the PDF is the same page through WeasyPrint."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.main.templating import format_number, format_vnd
from marketplace.share import charts, display, measure
from marketplace.share.charts import PageCharts
from marketplace.share.measure import Coverage, Status
from marketplace.share.targets import PLAN_END

MAIN_METHOD = "origin"


@dataclass
class MethodTable:
    """The eight categories by one method."""

    method: str
    label: str  # the method in words
    short: str  # its name, for a column heading
    board: measure.Dashboard
    rows: list[display.Row]

    def row(self, code: str) -> display.Row:
        return next(r for r in self.rows if r.code == code)


@dataclass
class Report:
    year: int
    threshold: Decimal
    tables: list[MethodTable]  # the main method (origin) first
    charts: PageCharts  # the main method's
    coverage: Coverage  # all categories together
    linked_pct: Decimal | None
    product_pct: Decimal | None
    sources: list[tuple[str, Decimal]]
    summary: list[str]  # the year in a few sentences
    thin: list[display.Line] = field(default_factory=list)  # too few records to rely on
    generated: date = field(default_factory=date.today)

    @property
    def main(self) -> MethodTable:
        return self.tables[0]

    @property
    def plan_end(self) -> int:
        return PLAN_END

    @property
    def min_records(self) -> int:
        return measure.MIN_RECORDS

    @property
    def threshold_text(self) -> str:
        return display.fmt_number(self.threshold)


def build(session: Session, year: int, locale: str, threshold: Decimal) -> Report:
    """The report of `year`: every method's figures (origin first), the main
    method's charts, a summary and the coverage of all categories together."""
    tables = []
    names = dict(display.method_choices())
    for method in (MAIN_METHOD, *(m for m in measure.METHODS if m != MAIN_METHOD)):
        board = measure.dashboard(session, year, method, threshold)
        tables.append(
            MethodTable(
                method,
                display.method_text(method, threshold),
                names[method],
                board,
                display.rows(board, locale),
            )
        )
    main = tables[0]
    cov = display.total_coverage(main.board)
    return Report(
        year=year,
        threshold=threshold,
        tables=tables,
        charts=charts.page_charts(main.board, main.rows, until=main.board.year),
        coverage=cov,
        # The dashboard's own rounding of coverage, so report and dashboard agree.
        linked_pct=display.pct_of(cov.linked_vnd, cov.value_vnd),
        product_pct=display.pct_of(cov.product_vnd, cov.value_vnd),
        sources=display.sources(cov),
        summary=_summary(main, cov),
        thin=[r.line for r in main.rows if r.line.thin],
    )


def _summary(main: MethodTable, cov: Coverage) -> list[str]:
    year = main.board.year
    if not cov.records:
        return [_("No supply records for %(year)d: every category shows “no data”.", year=year)]
    lines = [r.line for r in main.rows]
    banded = [x for x in lines if x.band and x.status != Status.NO_DATA]
    reached = [x for x in banded if x.status in (Status.WITHIN, Status.ABOVE)]
    below = [x for x in banded if x.status == Status.BELOW]
    out = [
        _(
            "In %(year)d, %(n)s supply records worth %(value)s were recorded in the city.",
            year=year,
            n=format_number(cov.records),
            value=format_vnd(cov.value_vnd),
        )
    ]
    if banded:
        out.append(
            _(
                "By origin, %(reached)d of the %(banded)d categories with a %(end)d band "
                "with data are within or above it; %(below)d are below it.",
                reached=len(reached),
                banded=len(banded),
                end=PLAN_END,
                below=len(below),
            )
        )
    if below:
        out.append(_("Below the band: %(codes)s.", codes=", ".join(_named(x) for x in below)))
    thin = [x for x in lines if x.thin]
    if thin:
        out.append(
            _(
                "Too few records to rely on (fewer than %(min)d): %(codes)s.",
                min=measure.MIN_RECORDS,
                codes=", ".join(_named(x) for x in thin),
            )
        )
    return out


def _named(line: display.Line) -> str:
    share = f" {display.pct_text(line.share)}" if line.share is not None else ""
    return f"{line.code} ({line.name}{share})"


def _static_file(root: Path, static_url: str, url: str) -> Path:
    """The file under `root` that a static URL names; ValueError for anything else."""
    prefix = static_url.rstrip("/") + "/"
    path = unquote(urlsplit(url).path)
    target = (root / path.removeprefix(prefix)).resolve()
    if not path.startswith(prefix) or root not in target.parents or not target.is_file():
        raise ValueError(f"not a static file: {url}")
    return target


def render_pdf(html: str, base_url: str, static_folder: str, static_url: str) -> bytes:
    """The report page as a PDF (A4, the page's print stylesheet). Only the site's
    static files are fetched, from disk: never the network or the rest of the disk."""
    # Heavy imports, needed only where a PDF is made.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(static_folder).resolve()

    class StaticFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            target = _static_file(root, static_url, url)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": kind})

    pdf = HTML(string=html, base_url=base_url, url_fetcher=StaticFiles()).write_pdf()
    return bytes(pdf or b"")  # without a target, write_pdf returns the bytes
