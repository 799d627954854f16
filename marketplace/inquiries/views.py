"""Pages of inquiries: write one, the thread (read, reply, close, reopen, files),
the buyer's list and the supplier's inbox."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from marketplace.accounts.models import User
from marketplace.attachments import files
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput
from marketplace.extensions import limiter
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.inquiries import limits, permissions, queries, services
from marketplace.inquiries.forms import InquiryForm, PostForm, ReplyForm
from marketplace.inquiries.models import Inquiry, InquiryState
from marketplace.pagination import paginate
from marketplace.suppliers import geography
from marketplace.verification.documents import max_bytes

bp = Blueprint("inquiries", __name__)


def _uploads() -> list[files.Upload]:
    return [
        files.Upload(f.filename or "", f.stream.read(max_bytes() + 1))
        for f in request.files.getlist("attachments")
        if f.filename
    ]


def _state() -> InquiryState | None:
    try:
        return InquiryState(request.args.get("state") or "")
    except ValueError:
        return None


@bp.route("/suppliers/<tax_code>/inquiries/new", methods=["GET", "POST"])
@keeps_input
@login_required
@limiter.limit(
    limits.inquiry_limit,
    key_func=limits.user_key,
    methods=["POST"],
    deduct_when=limits.sent,
    error_message=limits.inquiry_message,  # type: ignore[arg-type]
)
def new(tax_code: str):  # type: ignore[no-untyped-def]
    db, sku = get_session(), request.args.get("product") or None
    to = services.find_addressee(db, current_user, tax_code, sku)
    form = InquiryForm()
    if form.validate_on_submit():
        try:
            inquiry = services.send_inquiry(
                db, current_user, tax_code, sku, form.draft(), _uploads()
            )
        except InvalidInput as exc:
            apply_errors(form, exc, "attachments")
        else:
            flash(
                _("Your inquiry has been sent. You will be told when the supplier replies."),
                "success",
            )
            return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))
    communes = geography.get_province(services.DELIVERY_PROVINCE)
    return render_template(
        "inquiries/new.html",
        form=form,
        supplier=to.supplier,
        product=to.product,
        communes=communes.communes if communes else (),
    ), (422 if form.errors else 200)


@bp.route("/inquiries/<int:inquiry_id>", methods=["GET", "POST"])
@keeps_input
@login_required
@limiter.limit(
    limits.message_limit,
    key_func=limits.user_key,
    methods=["POST"],
    deduct_when=limits.sent,
    error_message=limits.message_message,  # type: ignore[arg-type]
)
def thread(inquiry_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            services.reply(db, current_user, inquiry_id, form.body.data or "", _uploads())
        except InvalidInput as exc:
            apply_errors(form, exc, "attachments")
        except Conflict as exc:
            flash(exc.message, "warning")
        else:
            flash(_("Your message has been sent."), "success")
            return redirect(url_for("inquiries.thread", inquiry_id=inquiry_id, _anchor="latest"))
    found = services.open_thread(db, current_user, inquiry_id)
    return render_template(
        "inquiries/thread.html", thread=found, form=form, post_form=PostForm()
    ), (422 if form.errors else 200)


@bp.route("/inquiries/<int:inquiry_id>/close", methods=["POST"])
@login_required
def close(inquiry_id: int):  # type: ignore[no-untyped-def]
    return _act(inquiry_id, services.close, _("The inquiry is closed."))


@bp.route("/inquiries/<int:inquiry_id>/reopen", methods=["POST"])
@login_required
def reopen(inquiry_id: int):  # type: ignore[no-untyped-def]
    return _act(inquiry_id, services.reopen, _("The inquiry is open again."))


def _act(inquiry_id: int, action: Callable[[Session, User, int], Inquiry], done: str) -> Response:
    if PostForm().validate_on_submit():
        try:
            action(get_session(), current_user, inquiry_id)
        except Conflict as exc:
            flash(exc.message, "warning")
        else:
            flash(done, "success")
    return redirect(url_for("inquiries.thread", inquiry_id=inquiry_id))


@bp.route("/inquiries/<int:inquiry_id>/files/<int:attachment_id>")
@login_required
def attachment(inquiry_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    found = services.get_attachment(get_session(), current_user, inquiry_id, attachment_id)
    return files.send(found)


@bp.route("/inquiries")
@login_required
def index():  # type: ignore[no-untyped-def]
    db, state = get_session(), _state()
    page = paginate(
        db, queries.select_sent(current_user.id, state), request.args.get("page", 1, type=int), 20
    )
    return render_template(
        "inquiries/index.html",
        page=page,
        state=state.value if state else "",
        counts=queries.count_sent(db, current_user.id),
        is_staff=permissions.is_supplier_staff(current_user),
    )


@bp.route("/inbox")
@login_required
def inbox():  # type: ignore[no-untyped-def]
    db, state = get_session(), _state()
    supplier_id = permissions.require_supplier_staff(current_user)
    page = paginate(
        db, queries.select_inbox(supplier_id, state), request.args.get("page", 1, type=int), 20
    )
    return render_template(
        "inquiries/inbox.html",
        page=page,
        state=state.value if state else "",
        counts=queries.count_inbox(db, supplier_id),
    )
