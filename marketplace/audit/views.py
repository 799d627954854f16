"""The audit trail on the web: officials browse and export it; a supplier's staff
read their own company's history. Reads only: the trail is never edited."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.audit import pages, queries
from marketplace.audit.forms import AuditFilterForm
from marketplace.db import get_session
from marketplace.errors import InvalidInput
from marketplace.imports.tables import safe_cell
from marketplace.pagination import paginate
from marketplace.share.downloads import attachment
from marketplace.suppliers.services import require_supplier

bp = Blueprint("audit", __name__)
PER_PAGE = 50


def _form() -> AuditFilterForm:
    db = get_session()
    form = AuditFilterForm(request.args)
    form.offer(queries.list_entities(db), queries.list_actions(db))
    form.validate()
    return form


@bp.get("/officials/audit")
@login_required
def index() -> str:
    permissions.require_official(current_user)
    form = _form()
    db = get_session()
    page = paginate(
        db, queries.select_events(form.filters()), request.args.get("page", 1, int), PER_PAGE
    )
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        events=pages.rows(db, page.items),
        export_args=export_args,
    )


@bp.get("/officials/audit/<int:event_id>")
@login_required
def event(event_id: int) -> str:
    permissions.require_official(current_user)
    db = get_session()
    found = queries.get_event(db, event_id)
    if found is None:
        abort(404)
    return render_template("audit/event.html", row=pages.rows(db, [found])[0], event=found)


@bp.get("/officials/audit.csv")
@login_required
def export_csv() -> Response:
    permissions.require_official(current_user)
    form = _form()
    if form.errors:
        raise InvalidInput(_("The filters were not understood; nothing was exported."))
    filters = form.filters()
    db = get_session()

    def body() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        out.write("\ufeff")  # Excel reads UTF-8 with a BOM
        writer.writerow(pages.CSV_COLUMNS)
        for row in pages.csv_rows(queries.iter_events(db, filters)):
            writer.writerow(["" if v is None else safe_cell(v) for v in row])
            if out.tell() > 64_000:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return attachment(stream_with_context(body()), "audit-trail.csv")


@bp.get("/suppliers/<tax_code>/history")
@login_required
def supplier_history(tax_code: str) -> str:
    db = get_session()
    supplier = require_supplier(db, tax_code)
    permissions.require_view_supplier_history(current_user, supplier)
    form = _form()
    page = paginate(
        db,
        queries.select_events(form.filters(supplier_id=supplier.id)),
        request.args.get("page", 1, int),
        PER_PAGE,
    )
    return render_template(
        "audit/supplier_history.html",
        supplier=supplier,
        form=form,
        page=page,
        events=pages.rows(db, page.items, for_official=current_user.is_official),
    )
