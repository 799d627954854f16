"""Share pages: the public summary and methodology, the officials' dashboard and
its exports. Logic lives in share/measure.py (the figures), share/display.py (their
rounding and words), share/charts.py (the SVG charts) and share/forms.py (the
year, method and threshold asked for)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, render_template, request, url_for
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.main.templating import current_locale, format_number
from marketplace.share import charts, dashboard_export, display, measure, record_pages
from marketplace.share.downloads import attachment
from marketplace.share.forms import Choice, read_choice
from marketplace.share.targets import PLAN_END

bp = Blueprint("share", __name__)


@bp.app_template_global()
def records_url(year: int, category: str) -> str:
    """The drill-down records behind a figure (officials only)."""
    return url_for("share_records.records", year=year, category=category)


def _board(choice: Choice) -> tuple[measure.Dashboard, list[display.Row]]:
    board = measure.dashboard(get_session(), choice.year, choice.method, choice.threshold)
    return board, display.rows(board, current_locale())


def _figures_page(template: str, trends: bool) -> str:
    """The dashboard or the summary: the chosen year's table and charts."""
    choice = read_choice(get_session(), request.args, permissions.is_official(current_user))
    board, rows = _board(choice)
    return render_template(
        template,
        choice=choice,
        board=board,
        rows=rows,
        total=display.total_coverage(board),
        charts=charts.page_charts(board, rows, trends=trends),
        methods=display.method_choices(),
        method_label=display.method_text(board.method, board.threshold),
        plan_end=PLAN_END,
    )


@bp.get("/officials/share")
@login_required
def dashboard() -> str:
    permissions.require_official(current_user)
    return _figures_page("share/dashboard.html", trends=True)


@bp.get("/officials/share/dashboard.<any(csv, xlsx):ext>")
@login_required
def dashboard_file(ext: str) -> Response:
    permissions.require_official(current_user)
    board, rows = _board(read_choice(get_session(), request.args))
    write = dashboard_export.csv_bytes if ext == "csv" else dashboard_export.xlsx_bytes
    return attachment(write(board, rows), f"domestic-share-{board.year}-{board.method}.{ext}")


@bp.get("/share")
def summary() -> str:
    return _figures_page("share/summary.html", trends=False)


@bp.get("/share/methodology")
def methodology() -> str:
    this_year = date.today().year
    return render_template(
        "share/methodology.html",
        bands=record_pages.get_band_rows(get_session(), current_locale(), this_year),
        this_year=this_year,
        min_records=measure.MIN_RECORDS,
        default_threshold=measure.DEFAULT_THRESHOLD,
        threshold=measure.current_threshold(),
        plan_end=PLAN_END,
    )


@bp.app_template_filter("pct")
def _pct(value: Decimal | None) -> str:
    """72.3% (one decimal, the reader's locale); '' for None."""
    return display.pct_text(value)


@bp.app_template_filter("pp")
def _pp(value: Decimal | None) -> str:
    """Signed points with one decimal: +2.3, -3.1."""
    return display.fmt_pct(value, sign=True)


@bp.app_template_filter("thousands")
def _thousands(value: int | None) -> str:
    """A count with the locale's thousands separator."""
    return "" if value is None else str(format_number(value))


# One band label for every page: "" without a band, unless no_target=True.
bp.add_app_template_global(display.band_text, "band_label")
