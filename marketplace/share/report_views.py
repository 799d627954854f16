"""The annual domestic-share report (officials only): a printable page and the same
page as a PDF. Logic lives in share/annual_report.py."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import NotFound
from marketplace.main.templating import current_locale
from marketplace.share import annual_report, measure, queries
from marketplace.share.fields import YEAR_MIN, year_max

bp = Blueprint("share_report", __name__, url_prefix="/officials/share")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


def _render(pdf: bool) -> tuple[annual_report.Report, str]:
    db = get_session()
    raw = request.args.get("year", "").strip()
    year = queries.latest_year(db)
    if raw:
        if not (raw.isascii() and raw.isdigit() and YEAR_MIN <= int(raw) <= year_max()):
            raise NotFound(
                _(
                    "There is no report for “%(value)s”: choose a year between %(lo)d and %(hi)d.",
                    value=raw[:20],
                    lo=YEAR_MIN,
                    hi=year_max(),
                )
            )
        year = int(raw)
    report = annual_report.build(db, year, current_locale(), measure.current_threshold())
    years = sorted({*queries.list_years(db), year})
    html = render_template("share/report.html", report=report, years=years, pdf=pdf)
    return report, html


@bp.get("/report")
def report() -> str:
    return _render(pdf=False)[1]


@bp.get("/report.pdf")
def report_pdf() -> Response:
    report, html = _render(pdf=True)
    app = current_app
    body = annual_report.render_pdf(
        html, request.url_root, str(app.static_folder), str(app.static_url_path)
    )
    name = f"domestic-share-report-{report.year}-{current_locale()}.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
