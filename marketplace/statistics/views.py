"""The officials' registry statistics page, its tables as files, and the verified
suppliers list. Logic in queries.py and registry/supplier_export.py."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import NotFound
from marketplace.main.templating import current_locale
from marketplace.registry.supplier_export import verified_list
from marketplace.statistics import queries
from marketplace.statistics.exports import MIMETYPES, table_bytes

bp = Blueprint("statistics", __name__, url_prefix="/officials/statistics")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


def _period() -> str:
    period = request.args.get("period", "quarter")
    return period if period in queries.PERIODS else "quarter"


def _ext(ext: str) -> str:
    if ext not in MIMETYPES:
        raise NotFound(_("Files come as .csv or .xlsx."))
    return ext


def _download(content: bytes, name: str, ext: str) -> Response:
    return Response(
        content,
        content_type=MIMETYPES[ext],
        headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'},
    )


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    period = _period()
    tables = queries.all_tables(get_session(), current_locale(), period)
    return render_template("statistics/index.html", tables=tables, period=period)


@bp.route("/<key>.<ext>")
def download(key: str, ext: str) -> Response:
    table = queries.table(get_session(), key, current_locale(), _period())
    if table is None:
        raise NotFound(_("No statistics table named %(name)s.", name=key))
    return _download(table_bytes(table, _ext(ext)), f"statistics-{key}", ext)


@bp.route("/verified-suppliers.<ext>")
def verified_suppliers(ext: str) -> Response:
    return _download(verified_list(get_session(), _ext(ext)), "verified-suppliers", ext)
