"""The annual domestic-share report (officials only): a printable page and the same
page as a PDF. Logic lives in share/annual_report.py."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.main.templating import current_locale
from marketplace.share import annual_report
from marketplace.share.downloads import attachment
from marketplace.share.forms import read_year

bp = Blueprint("share_report", __name__, url_prefix="/officials/share")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


def _render(pdf: bool) -> tuple[annual_report.Report, str]:
    """The report of ?year= (a bad year is named and the latest shown, as on the
    dashboard)."""
    db = get_session()
    choice = read_year(db, request.args)
    report = annual_report.build(db, choice.year, current_locale(), choice.threshold)
    html = render_template("share/report.html", report=report, choice=choice, pdf=pdf)
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
    return attachment(body, f"domestic-share-report-{report.year}-{current_locale()}.pdf")
