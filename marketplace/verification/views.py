"""Pages of the verification workflow: the supplier's request (documents, submit),
the officials' queue, review page and decisions, and serving the documents."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.categories.queries import list_top_categories
from marketplace.db import get_session, utcnow
from marketplace.errors import InvalidInput
from marketplace.forms_util import apply_errors
from marketplace.pagination import paginate
from marketplace.suppliers import geography
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.verification import documents, queries, services
from marketplace.verification.forms import DocumentForm, PostForm, ReasonForm, kind_label
from marketplace.verification.machine import (
    REASON_REQUIRED,
    TRANSITIONS,
    Action,
    action_label,
    state_label,
)
from marketplace.verification.models import DocumentKind
from marketplace.verification.notices import field_label

bp = Blueprint("verification", __name__)
DECISIONS = {a.value: a for a in (Action.APPROVE, Action.REJECT, Action.SUSPEND, Action.RESTORE)}


@bp.context_processor
def _labels() -> dict[str, object]:
    return {
        "kind_label": kind_label,
        "state_label": state_label,
        "action_label": action_label,
        "field_label": field_label,
        "today": date.today(),
        "reason_required": {a.value for a in REASON_REQUIRED},
    }


# The supplier's side ------------------------------------------------------------


@bp.route("/suppliers/<tax_code>/verification", methods=["GET", "POST"])
@login_required
def request_page(tax_code: str):  # type: ignore[no-untyped-def]
    db = get_session()
    supplier = services.require_supplier(db, tax_code)
    permissions.require_edit_supplier(current_user, supplier)
    form = DocumentForm()
    if form.validate_on_submit():
        fields = documents.DocumentFields(
            DocumentKind(form.kind.data),
            form.issuer.data,
            form.number.data,
            form.expires_on.data,
            bool(form.public.data),
        )
        upload = form.file.data
        try:
            data = upload.stream.read(documents.max_bytes() + 1)
            documents.add_document(db, current_user, supplier, upload.filename or "", data, fields)
        except InvalidInput as exc:
            apply_errors(form, exc, "file")
        else:
            flash(_("The document has been added."), "success")
            return redirect(url_for("verification.request_page", tax_code=tax_code))
    history = queries.list_history(db, supplier.id)
    return render_template(
        "verification/request.html",
        supplier=supplier,
        form=form,
        post_form=PostForm(),
        documents=queries.list_documents(db, supplier.id),
        history=history,
        has_expired=bool(queries.expired_supplier_ids(db, [supplier.id], date.today())),
    ), (422 if form.errors else 200)


@bp.route("/suppliers/<tax_code>/verification/submit", methods=["POST"])
@login_required
def submit(tax_code: str):  # type: ignore[no-untyped-def]
    db = get_session()
    supplier = services.require_supplier(db, tax_code)
    if PostForm().validate_on_submit():
        try:
            services.submit(db, current_user, supplier)
        except InvalidInput as exc:
            flash(exc.message, "danger")
        else:
            flash(_("Your request has been sent. The Department will review it."), "success")
    return redirect(url_for("verification.request_page", tax_code=tax_code))


@bp.route("/verification/documents/<int:document_id>/delete", methods=["POST"])
@login_required
def delete_document(document_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    doc = documents.get_for_edit(db, current_user, document_id)
    tax_code = doc_tax_code(doc.supplier_id)
    if PostForm().validate_on_submit():
        documents.remove_document(db, current_user, document_id)
        flash(_("The document has been removed."), "info")
    return redirect(url_for("verification.request_page", tax_code=tax_code))


@bp.route("/verification/documents/<int:document_id>/public", methods=["POST"])
@login_required
def publish_document(document_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    public = request.form.get("public") == "1"
    doc = documents.set_public(db, current_user, document_id, public)
    flash(
        _("The document is shown on your public profile.")
        if public
        else _("The document is no longer shown on your public profile."),
        "success",
    )
    return redirect(url_for("verification.request_page", tax_code=doc_tax_code(doc.supplier_id)))


def doc_tax_code(supplier_id: int) -> str:
    supplier = get_session().get(Supplier, supplier_id)
    return supplier.tax_code if supplier else ""


@bp.route("/verification/documents/<int:document_id>")
def open_document(document_id: int):  # type: ignore[no-untyped-def]
    doc, path = documents.open_document(get_session(), current_user, document_id)
    response = send_file(
        path, mimetype=doc.content_type, download_name=doc.title, as_attachment=False
    )
    # Served from our own origin under the site's CSP: its type was checked on upload
    # and must not be sniffed as another.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = (
        "private, no-store" if not doc.public else "public, max-age=300"
    )
    return response


# The officials' side -------------------------------------------------------------


@bp.route("/officials/verification")
@login_required
def queue():  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    args = request.args
    state_arg = args.get("state", "pending")
    states = {s.value: s for s in VerificationState}
    state = states.get(state_arg)
    wait = args.get("wait", type=int)
    stmt = queries.select_queue(
        state=state,
        province=args.get("province") or None,
        category=args.get("category") or None,
        min_wait_days=wait if wait in queries.WAIT_CHOICES else None,
        now=utcnow(),
    )
    db = get_session()
    page = paginate(db, stmt, args.get("page", 1, type=int), 20)
    ids = [s.id for s in page.items]
    return render_template(
        "verification/queue.html",
        page=page,
        state=state_arg if state else "",
        expired=queries.expired_supplier_ids(db, ids, date.today()),
        doc_counts=queries.count_documents(db, ids),
        provinces=geography.province_names(),
        categories=list_top_categories(db),
        wait_choices=queries.WAIT_CHOICES,
        now=utcnow(),
    )


@bp.route("/officials/verification/expiring")
@login_required
def expiring():  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    db = get_session()
    stmt = queries.select_expiring(date.today())
    page = paginate(db, stmt, request.args.get("page", 1, type=int), 30)
    return render_template("verification/expiring.html", page=page, days=queries.EXPIRY_WINDOW_DAYS)


@bp.route("/officials/verification/<tax_code>")
@login_required
def review(tax_code: str):  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    db = get_session()
    supplier = services.require_supplier(db, tax_code)
    history = queries.list_history(db, supplier.id)
    return render_template(
        "verification/review.html",
        supplier=supplier,
        documents=queries.list_documents(db, supplier.id),
        products=queries.list_products(db, supplier.id),
        history=history,
        changes=queries.pending_changes(supplier, history),
        form=ReasonForm(),
        actions=_allowed_actions(supplier.state),
    )


def _allowed_actions(state: VerificationState) -> list[str]:
    return [a.value for (s, a) in TRANSITIONS if s == state and a.value in DECISIONS]


@bp.route("/officials/verification/<tax_code>/<action>", methods=["POST"])
@login_required
def decide(tax_code: str, action: str):  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    if action not in DECISIONS:
        abort(404)
    db = get_session()
    supplier = services.require_supplier(db, tax_code)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long (at most 2000 characters)."), "danger")
        return redirect(url_for("verification.review", tax_code=tax_code))
    try:
        services.transition(db, supplier, DECISIONS[action], current_user, form.reason.data or "")
    except InvalidInput as exc:
        flash(exc.message, "danger")
        return redirect(url_for("verification.review", tax_code=tax_code))
    flash(
        _(
            "%(supplier)s: %(action)s. Its staff have been told.",
            supplier=supplier.name,
            action=action_label(action),
        ),
        "success",
    )
    return redirect(url_for("verification.queue"))
