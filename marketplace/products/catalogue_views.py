"""A supplier's own catalogue: upload a products file (the officials' upload flow:
check as a job → problems or preview → confirm → result), follow the company's
import batches, download the catalogue back. Logic lives in officials/uploads.py,
registry/services.py and imports/batches.py; permissions in accounts/permissions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import InvalidInput, NotFound
from marketplace.forms_util import apply_errors, flash_conflict
from marketplace.imports import batches
from marketplace.jobs.models import Job
from marketplace.jobs.queries import describe_job
from marketplace.jobs.services import can_view_job
from marketplace.officials import labels, problems, uploads
from marketplace.officials.batch_page import batch_context
from marketplace.officials.forms import ConfirmForm
from marketplace.officials.templates_files import template_file
from marketplace.pagination import paginate
from marketplace.products.forms import CatalogueUploadForm
from marketplace.registry.services import export_catalogue
from marketplace.share.downloads import attachment
from marketplace.suppliers.models import Supplier
from marketplace.suppliers.services import require_supplier

bp = Blueprint("catalogue", __name__)


@bp.context_processor
def _labels() -> dict[str, object]:
    return labels.TEMPLATE_LABELS


def _own_supplier(tax_code: str) -> Supplier:
    supplier = require_supplier(get_session(), tax_code)
    permissions.require_manage_import(current_user, supplier.id)
    return supplier


def _shared(supplier: Supplier) -> dict[str, Any]:
    """What the shared import templates need to link back to this catalogue."""
    return {
        "upload_bp": "catalogue",
        "back_url": url_for("catalogue.index", tax_code=supplier.tax_code),
        "back_label": _("Product catalogue"),
        "back_button": _("Back to the catalogue"),
        "profile_url": url_for("suppliers.detail", tax_code=supplier.tax_code),
    }


@bp.route("/catalogue")
@login_required
def mine():  # type: ignore[no-untyped-def]
    """The signed-in staff member's own catalogue (the navigation's link)."""
    supplier = get_session().get(Supplier, current_user.supplier_id or 0)
    if supplier is None:
        raise NotFound(_("Your account belongs to no company yet."))
    return redirect(url_for("catalogue.index", tax_code=supplier.tax_code))


@bp.route("/suppliers/<tax_code>/catalogue", methods=["GET", "POST"])
@login_required
def index(tax_code: str):  # type: ignore[no-untyped-def]
    db = get_session()
    supplier = _own_supplier(tax_code)
    form = CatalogueUploadForm()
    if form.validate_on_submit():
        # Every file sent, so a suppliers file is refused by name, not ignored.
        files: dict[str, tuple[str, bytes] | None] = {
            name: (f.filename or name, f.read()) for name, f in request.files.items()
        }
        try:
            upload = uploads.start_upload(db, current_user, "catalogue", files, supplier)
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            return redirect(url_for("catalogue.upload", upload_id=upload.id))
    page = paginate(
        db,
        batches.select_batches(supplier_id=supplier.id),
        request.args.get("page", 1, type=int),
        20,
    )
    pending = list(db.scalars(uploads.select_uploads_in_progress(supplier.id).limit(10)))
    return render_template(
        "products/catalogue.html", supplier=supplier, form=form, page=page, pending=pending
    )


@bp.route("/suppliers/<tax_code>/catalogue/products.<any(csv, xlsx):ext>")
@login_required
def download(tax_code: str, ext: str) -> Response:
    supplier = require_supplier(get_session(), tax_code)
    body = export_catalogue(get_session(), current_user, supplier, ext)
    return attachment(body, f"products-{supplier.tax_code}.{ext}")


@bp.route("/suppliers/<tax_code>/catalogue/template.<any(csv, xlsx):ext>")
@login_required
def template(tax_code: str, ext: str) -> Response:
    supplier = _own_supplier(tax_code)
    content, _mimetype = template_file("products", ext, {"supplier_tax_code": supplier.tax_code})
    return attachment(content, f"products-template.{ext}")


@bp.route("/catalogue/uploads/<upload_id>")
@login_required
def upload(upload_id: str):  # type: ignore[no-untyped-def]
    db = get_session()
    record = uploads.get_upload(db, current_user, upload_id)
    supplier = _upload_supplier(record.supplier_id)
    # Colleagues share the upload, but a job is followed only by whoever started it.
    job = (
        describe_job(job_record)
        if record.job_id
        and (job_record := db.get(Job, record.job_id)) is not None
        and can_view_job(current_user, job_record)
        else None
    )
    return render_template(
        "officials/upload.html",
        upload=record,
        job=job,
        report=record.report or {},
        names=labels.upload_names(record) if record.files else [],
        form=ConfirmForm(),
        **_shared(supplier),
    )


def _upload_supplier(supplier_id: int | None) -> Supplier:
    """The catalogue's supplier; an official's registry-wide upload has its own pages."""
    supplier = get_session().get(Supplier, supplier_id) if supplier_id else None
    if supplier is None:
        raise NotFound(_("This upload is not a supplier's catalogue."))
    return supplier


@bp.route("/catalogue/uploads/<upload_id>/errors.csv")
@login_required
def upload_errors(upload_id: str) -> Response:
    record = uploads.get_upload(get_session(), current_user, upload_id)
    return attachment(*problems.errors_csv(record))


@bp.route("/catalogue/uploads/<upload_id>/confirm", methods=["POST"])
@login_required
def confirm(upload_id: str):  # type: ignore[no-untyped-def]
    if ConfirmForm().validate_on_submit():
        flash_conflict(lambda: uploads.confirm_upload(get_session(), current_user, upload_id))
    return redirect(url_for("catalogue.upload", upload_id=upload_id))


@bp.route("/catalogue/uploads/<upload_id>/recheck", methods=["POST"])
@login_required
def recheck(upload_id: str):  # type: ignore[no-untyped-def]
    if ConfirmForm().validate_on_submit():
        uploads.recheck_upload(get_session(), current_user, upload_id)
    return redirect(url_for("catalogue.upload", upload_id=upload_id))


@bp.route("/catalogue/uploads/<upload_id>/cancel", methods=["POST"])
@login_required
def cancel(upload_id: str):  # type: ignore[no-untyped-def]
    db = get_session()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("catalogue.upload", upload_id=upload_id))
    supplier = _upload_supplier(uploads.get_upload(db, current_user, upload_id).supplier_id)
    uploads.cancel_upload(db, current_user, upload_id)
    flash(_("The upload was cancelled; nothing was imported."), "info")
    return redirect(url_for("catalogue.index", tax_code=supplier.tax_code))


@bp.route("/catalogue/batches/<int:batch_id>")
@login_required
def batch(batch_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    record = batches.get_batch(db, batch_id)
    permissions.require_manage_import(current_user, record.supplier_id)
    supplier = _upload_supplier(record.supplier_id)
    return render_template(
        "officials/batch.html",
        **batch_context(db, record, request.args),
        job=None,
        form=ConfirmForm(),
        **_shared(supplier),
    )
