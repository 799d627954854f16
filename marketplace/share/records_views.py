"""Officials' pages for the records behind the figures (drill-down, single-record
form and history, exports) and the targets. Logic lives in share/services.py,
share/queries.py and share/targets.py; ready values come from share/record_pages.py."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import InvalidInput, NotFound
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.main.templating import current_locale
from marketplace.share import record_pages, records_export, services, targets
from marketplace.share.downloads import attachment
from marketplace.share.forms import (
    DeleteRecordForm,
    EditRecordForm,
    RecordFilterForm,
    RecordForm,
    TargetForm,
)
from marketplace.share.record_labels import LABELS

bp = Blueprint("share_records", __name__, url_prefix="/officials/share")
PER_PAGE = 50
F = TypeVar("F", bound=RecordFilterForm | RecordForm)


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


@bp.context_processor
def _labels() -> dict[str, object]:
    return LABELS


def _with_choices(form: F) -> F:
    """The form with the categories and countries in the page's language."""
    locale = current_locale()
    form.fill_choices(
        record_pages.category_choices(get_session(), locale), record_pages.country_names(locale)
    )
    return form


def _filter_form() -> RecordFilterForm:
    form = _with_choices(RecordFilterForm(request.args))
    form.validate()
    return form


@bp.get("/records")
def records():  # type: ignore[no-untyped-def]
    form = _filter_form()
    if form.errors:
        return render_template("share/records.html", form=form, result=None, panel=None), 400
    f, db = form.filters(), get_session()
    result = record_pages.get_records_page(
        db, f, form.sort_key(), request.args.get("page", 1, type=int), PER_PAGE
    )
    panel = None
    if f.year and (f.subcategory or f.category):
        # The narrowest category asked for: a subcategory's own suppliers and origins.
        code = f.subcategory or f.category
        panel = record_pages.get_category_panel(db, f.year, code, current_locale())
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "share/records.html", form=form, result=result, panel=panel, export_args=export_args
    )


def _export(ext: str) -> Response:
    form = _filter_form()
    if form.errors:
        raise InvalidInput(_("The filters were not understood; nothing was exported."))
    f = form.filters()
    body = records_export.export(get_session(), f, form.sort_key(), ext)
    return attachment(stream_with_context(body), records_export.file_name(f, ext))


@bp.get("/records.csv")
def records_csv() -> Response:
    return _export("csv")


@bp.get("/records.xlsx")
def records_xlsx() -> Response:
    return _export("xlsx")


@bp.route("/records/new", methods=["GET", "POST"])
@keeps_input
def new_record():  # type: ignore[no-untyped-def]
    form = _with_choices(RecordForm())
    error = None
    if form.validate_on_submit():
        try:
            pk = services.create_record(get_session(), current_user, form.raw_values())
        except InvalidInput as exc:
            apply_errors(form, exc)
            error = exc.message
        else:
            flash(_("Record %(id)s was added.", id=form.record_id.data.strip()), "success")
            return redirect(url_for("share_records.record", pk=pk))
    return render_template("share/record_form.html", form=form, row=None, error=error)


@bp.get("/records/<int:pk>")
def record(pk: int):  # type: ignore[no-untyped-def]
    db = get_session()
    history = services.record_history(db, pk)
    try:
        row = record_pages.get_record_row(db, pk)
    except NotFound:
        if not record_pages.deleted_entry(history):
            raise
        return render_template("share/record.html", row=None, history=history), 410
    return render_template("share/record.html", row=row, history=history)


@bp.route("/records/<int:pk>/edit", methods=["GET", "POST"])
@keeps_input
def edit_record(pk: int):  # type: ignore[no-untyped-def]
    db = get_session()
    row = record_pages.get_record_row(db, pk)
    form = _with_choices(EditRecordForm())
    error = None
    if request.method == "GET":
        form.fill(services.record_fields(db, pk))
    elif form.validate_on_submit():
        try:
            changed = services.update_record(
                db, current_user, pk, form.raw_values(), form.note.data or ""
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
            error = exc.message
        else:
            if changed:
                flash(
                    _("The record was corrected: %(n)d field(s) changed.", n=len(changed)),
                    "success",
                )
            else:
                flash(_("Nothing changed: the form held the stored values."), "info")
            return redirect(url_for("share_records.record", pk=pk))
    return render_template("share/record_form.html", form=form, row=row, error=error)


@bp.route("/records/<int:pk>/delete", methods=["GET", "POST"])
def delete_record(pk: int):  # type: ignore[no-untyped-def]
    db = get_session()
    form = DeleteRecordForm()
    if form.validate_on_submit():
        record_id = services.delete_record(db, current_user, pk, form.note.data or "")
        flash(_("Record %(id)s was deleted.", id=record_id), "success")
        return redirect(url_for("share_records.records"))
    row = record_pages.get_record_row(db, pk)
    return render_template("share/record_delete.html", row=row, form=form)


@bp.route("/targets", methods=["GET", "POST"], endpoint="targets")
@keeps_input
def targets_page():  # type: ignore[no-untyped-def]
    db, locale = get_session(), current_locale()
    form = TargetForm()
    categories = record_pages.category_choices(db, locale)
    form.category.choices = [(c, f"{c} · {n}") for c, n, _s in categories]
    if form.is_submitted() and not form.validate():
        # Every problem at once: the band's rules too, for the fields that read.
        problems = targets.target_errors(db, *form.readable())
        apply_errors(form, InvalidInput("", {k: v for k, v in problems.items() if v}))
    elif form.is_submitted():
        code, low, high, year, reason = form.values()
        try:
            targets.set_target(db, current_user, code, low, high, year, reason)
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            flash(
                _("The new band for %(code)s takes effect in %(year)d.", code=code, year=year),
                "success",
            )
            return redirect(url_for("share_records.targets"))
    year = date.today().year
    bands, history = record_pages.get_bands(db, locale, year)
    return render_template("share/targets.html", form=form, bands=bands, history=history, year=year)
