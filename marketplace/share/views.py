"""Share pages: the public summary and methodology, the officials' dashboard and
its exports. Logic lives in share/measure.py (the figures), share/display.py (their
rounding and words) and share/charts.py (the SVG charts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.categories.queries import list_top_categories
from marketplace.db import get_session
from marketplace.imports.numbers import parse_percent
from marketplace.main.templating import current_locale, format_number
from marketplace.share import charts, dashboard_export, display, measure, queries
from marketplace.share.fields import YEAR_MIN, year_max
from marketplace.share.targets import PLAN_END, bands_for, list_targets

bp = Blueprint("share", __name__)


@dataclass
class Choice:
    """The year, method and threshold asked for; `notices` say what was not usable."""

    year: int
    method: str
    threshold: Decimal
    years: list[int]  # the years the form offers
    notices: list[str] = field(default_factory=list)

    def args(self) -> dict[str, object]:
        out: dict[str, object] = {"year": self.year, "method": self.method}
        if self.method == "threshold":
            out["threshold"] = self.threshold
        return out


def _choice(session: Session) -> Choice:
    """Read ?year=&method=&threshold=; a bad value is named and its default used."""
    latest = queries.latest_year(session)
    notices: list[str] = []
    raw = request.args.get("year", "").strip()
    year = latest
    if raw:
        hi = year_max()
        if raw.isascii() and raw.isdigit() and YEAR_MIN <= int(raw) <= hi:
            year = int(raw)
        else:
            notices.append(
                _(
                    "“%(value)s” is not a year between %(lo)d and %(hi)d: showing %(year)d.",
                    value=raw[:20],
                    lo=YEAR_MIN,
                    hi=hi,
                    year=latest,
                )
            )
    method = request.args.get("method", "").strip() or "origin"
    if method not in measure.METHODS:
        notices.append(
            _("“%(value)s” is not a method: showing the origin method.", value=method[:40])
        )
        method = "origin"
    threshold = measure.current_threshold()
    raw = request.args.get("threshold", "").strip()
    if raw:
        try:
            threshold = parse_percent(raw[:20])
        except ValueError:
            notices.append(
                _(
                    "“%(value)s” is not a threshold between 0 and 100%% (at most two decimals): "
                    "using %(pct)s%%.",
                    value=raw[:20],
                    pct=display.fmt_number(threshold),
                )
            )
    years = sorted({*queries.list_years(session), year})
    return Choice(year, method, threshold, years, notices)


@bp.app_template_global()
def records_url(year: int, category: str) -> str:
    """The drill-down records behind a figure (officials only)."""
    return url_for("share_records.records", year=year, category=category)


def _page(session: Session, choice: Choice) -> tuple[measure.Dashboard, list[display.Row]]:
    board = measure.dashboard(session, choice.year, choice.method, choice.threshold)
    return board, display.rows(board, current_locale())


@bp.get("/officials/share")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    db = get_session()
    choice = _choice(db)
    board, rows = _page(db, choice)
    return render_template(
        "share/dashboard.html",
        choice=choice,
        board=board,
        rows=rows,
        bands_chart=charts.all_categories_chart(board, rows),
        bands_text=charts.bands_summary(charts.bar_rows(rows)),
        trends=charts.category_charts(board, rows),
        methods=display.method_choices(),
        method_label=display.method_text(board.method, board.threshold),
        plan_end=PLAN_END,
    )


@bp.get("/officials/share/dashboard.<any(csv, xlsx):ext>")
@login_required
def dashboard_file(ext: str) -> Response:
    permissions.require_official(current_user)
    db = get_session()
    choice = _choice(db)
    board, rows = _page(db, choice)
    if ext == "csv":
        body, mimetype = dashboard_export.csv_bytes(board, rows), "text/csv; charset=utf-8"
    else:
        body = dashboard_export.xlsx_bytes(board, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"domestic-share-{board.year}-{board.method}.{ext}"
    return Response(
        body,
        content_type=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/share")
def summary():  # type: ignore[no-untyped-def]
    db = get_session()
    choice = _choice(db)
    board, rows = _page(db, choice)
    return render_template(
        "share/summary.html",
        choice=choice,
        board=board,
        rows=rows,
        bands_chart=charts.all_categories_chart(board, rows),
        bands_text=charts.bands_summary(charts.bar_rows(rows)),
        methods=display.method_choices(),
        method_label=display.method_text(board.method, board.threshold),
        plan_end=PLAN_END,
    )


@bp.get("/share/methodology")
def methodology():  # type: ignore[no-untyped-def]
    db = get_session()
    locale = current_locale()
    this_year = date.today().year
    bands = bands_for(list_targets(db), this_year)
    targets = [(cat.code, cat.name(locale), bands.get(cat.code)) for cat in list_top_categories(db)]
    return render_template(
        "share/methodology.html",
        targets=targets,
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


bp.add_app_template_global(display.band_text, "band_label")
