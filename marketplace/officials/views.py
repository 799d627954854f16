"""The officials' import pages: upload, validation progress, preview, confirm, result,
batches and their revert. Logic lives in officials/uploads.py and imports/batches.py."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import InvalidInput
from marketplace.forms_util import apply_errors, flash_conflict, keeps_input
from marketplace.imports import batches
from marketplace.jobs.queries import get_job_view
from marketplace.officials import labels, problems, uploads
from marketplace.officials.batch_page import batch_context
from marketplace.officials.forms import ConfirmForm, RegistryUploadForm, SupplyRecordsUploadForm
from marketplace.officials.templates_files import template_file
from marketplace.officials.workspace import get_waiting
from marketplace.pagination import paginate
from marketplace.share.downloads import attachment

bp = Blueprint("officials", __name__, url_prefix="/officials")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


@bp.context_processor
def _labels() -> dict[str, object]:
    return labels.TEMPLATE_LABELS


@bp.route("/")
def workspace():  # type: ignore[no-untyped-def]
    waiting = get_waiting(get_session(), date.today())
    return render_template(
        "officials/workspace.html", waiting=waiting, is_admin=permissions.is_admin(current_user)
    )


@bp.route("/imports", methods=["GET", "POST"])
@keeps_input
def imports():  # type: ignore[no-untyped-def]
    form = RegistryUploadForm()
    share_form = SupplyRecordsUploadForm()
    if request.method == "POST":
        # Two forms on the page; each has its own file fields.
        kind, posted = ("share", share_form) if "records" in request.files else ("registry", form)
        if posted.validate() and (started := _start(kind, posted)) is not None:
            return started
    db = get_session()
    page = paginate(db, batches.select_batches(), request.args.get("page", 1, type=int), 20)
    pending = list(db.scalars(uploads.select_uploads_in_progress().limit(10)))
    return render_template(
        "officials/imports.html", form=form, share_form=share_form, page=page, pending=pending
    )


def _start(kind: str, form: FlaskForm):  # type: ignore[no-untyped-def]
    """Keep the form's files and go to the upload's page; None when refused (the
    reasons are on the form's fields)."""
    files = {
        slot.name: (f.filename or slot.name, f.read()) if (f := form[slot.name].data) else None
        for slot in uploads.KINDS[kind].slots
    }
    try:
        upload = uploads.start_upload(get_session(), current_user, kind, files)
    except InvalidInput as exc:
        apply_errors(form, exc)
        return None
    return redirect(url_for("officials.upload", upload_id=upload.id))


@bp.route("/imports/uploads/<upload_id>")
def upload(upload_id: str):  # type: ignore[no-untyped-def]
    db = get_session()
    record = uploads.get_upload(db, current_user, upload_id)
    job = get_job_view(db, record.job_id, current_user) if record.job_id else None
    return render_template(
        "officials/upload.html",
        upload=record,
        job=job,
        report=record.report or {},
        names=labels.upload_names(record) if record.files else [],
        form=ConfirmForm(),
    )


@bp.route("/imports/uploads/<upload_id>/errors.csv")
def upload_errors(upload_id: str) -> Response:
    record = uploads.get_upload(get_session(), current_user, upload_id)
    return attachment(*problems.errors_csv(record))


@bp.route("/imports/uploads/<upload_id>/confirm", methods=["POST"])
def confirm(upload_id: str):  # type: ignore[no-untyped-def]
    if ConfirmForm().validate_on_submit():
        flash_conflict(lambda: uploads.confirm_upload(get_session(), current_user, upload_id))
    return redirect(url_for("officials.upload", upload_id=upload_id))


@bp.route("/imports/uploads/<upload_id>/recheck", methods=["POST"])
def recheck(upload_id: str):  # type: ignore[no-untyped-def]
    if ConfirmForm().validate_on_submit():
        uploads.recheck_upload(get_session(), current_user, upload_id)
    return redirect(url_for("officials.upload", upload_id=upload_id))


@bp.route("/imports/uploads/<upload_id>/cancel", methods=["POST"])
def cancel(upload_id: str):  # type: ignore[no-untyped-def]
    if ConfirmForm().validate_on_submit():
        uploads.cancel_upload(get_session(), current_user, upload_id)
        flash(_("The upload was cancelled; nothing was imported."), "info")
    return redirect(url_for("officials.imports"))


@bp.route("/imports/batches/<int:batch_id>")
def batch(batch_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    record = batches.get_batch(db, batch_id)
    job_id = request.args.get("job")
    job = get_job_view(db, job_id, current_user) if job_id else None
    return render_template(
        "officials/batch.html",
        **batch_context(db, record, request.args),
        job=job,
        form=ConfirmForm(),
    )


@bp.route("/imports/batches/<int:batch_id>/revert", methods=["GET", "POST"])
def revert(batch_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    form = ConfirmForm()
    if form.validate_on_submit():
        job_id = uploads.start_revert(db, current_user, batch_id)
        return redirect(url_for("officials.batch", batch_id=batch_id, job=job_id))
    record = batches.get_batch(db, batch_id)
    if record.reverted_at is not None:
        flash(_("This import was already reverted."), "info")
        return redirect(url_for("officials.batch", batch_id=batch_id))
    counts = batches.count_batch_rows(db, batch_id)
    return render_template("officials/revert.html", batch=record, counts=counts, form=form)


@bp.route("/imports/templates/<name>.<ext>")
def template(name: str, ext: str) -> Response:
    content, mimetype = template_file(name, ext)
    return Response(
        content,
        content_type=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}-template.{ext}"'},
    )
