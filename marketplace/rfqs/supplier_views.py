"""The supplier's pages: the RFQ inbox, an invitation with the quote form, quoting,
revising and withdrawing, the follow-up thread, and the files of a quote."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.attachments import files
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput
from marketplace.forms_util import apply_errors
from marketplace.main.templating import current_locale
from marketplace.rfqs import permissions as perms
from marketplace.rfqs import queries, quotes, services, threads
from marketplace.rfqs.forms import MessageForm, PostForm, QuoteForm
from marketplace.rfqs.pages import country_choices
from marketplace.rfqs.views import bp


@bp.get("/inbox/rfqs")
@login_required
def inbox() -> str:
    if perms.supplier_of(current_user) is None:
        raise perms.not_found()
    db, state = get_session(), request.args.get("state") or None
    page = queries.list_inbox(db, current_user, state, request.args.get("page", 1, type=int))
    counts = queries.count_inbox_states(db, current_user)
    return render_template(
        "rfqs/inbox.html", page=page, state=state, counts=counts, states=list(queries.InboxState)
    )


def _quote_form(view: queries.SupplierView) -> QuoteForm:
    form = QuoteForm()
    form.fill_choices(country_choices(current_locale()), view.products)
    return form


def supplier_page(rfq_id: int, form: QuoteForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    db = get_session()
    view = queries.get_supplier_view(db, current_user, rfq_id)
    services.mark_seen(db, rfq_id, perms.supplier_of(current_user) or 0)
    if form is None:
        form = _quote_form(view)
        if view.quote is not None:
            form.process(obj=view.quote)
            form.product_id.data = str(view.quote.product_id or "")
        else:
            form.origin.data = "VN"
    return render_template(
        "rfqs/supplier.html", view=view, form=form, post_form=PostForm(), message_form=MessageForm()
    ), status


@bp.post("/rfqs/<int:rfq_id>/quote")
@login_required
def submit_quote(rfq_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    form = _quote_form(queries.get_supplier_view(db, current_user, rfq_id))
    if form.validate_on_submit():
        try:
            quote = quotes.submit_quote(db, current_user, rfq_id, form.to_input())
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc)
        else:
            done = _("Your quote is revised.") if quote.revision > 1 else _("Your quote is sent.")
            flash(done, "success")
            return redirect(url_for("rfqs.detail", rfq_id=rfq_id))
    return supplier_page(rfq_id, form, 422)


@bp.post("/rfqs/<int:rfq_id>/quote/withdraw")
@login_required
def withdraw_quote(rfq_id: int) -> Response:
    if PostForm().validate_on_submit():
        try:
            quotes.withdraw_quote(get_session(), current_user, rfq_id)
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(_("Your quote is withdrawn."), "info")
    return redirect(url_for("rfqs.detail", rfq_id=rfq_id))


@bp.get("/rfqs/<int:rfq_id>/quotes/<int:quote_id>")
@login_required
def quote(rfq_id: int, quote_id: int) -> str:
    db = get_session()
    found = quotes.readable_quote(db, current_user, rfq_id, quote_id)
    attachments = queries.list_attachments(db, [found.id]).get(found.id, [])
    name = queries.supplier_name(db, found.supplier_id)
    return render_template("rfqs/quote.html", quote=found, attachments=attachments, name=name)


@bp.get("/rfqs/<int:rfq_id>/quotes/<int:quote_id>/files/<int:attachment_id>")
@login_required
def quote_file(rfq_id: int, quote_id: int, attachment_id: int) -> Response:
    found = quotes.readable_attachment(get_session(), current_user, rfq_id, quote_id, attachment_id)
    return files.send(found)


@bp.route("/rfqs/<int:rfq_id>/questions/<int:supplier_id>", methods=["GET", "POST"])
@login_required
def thread(rfq_id: int, supplier_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    rfq = threads.thread_rfq(db, current_user, rfq_id, supplier_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            threads.post_message(db, current_user, rfq_id, supplier_id, form.body.data or "")
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "body")
        else:
            flash(_("Your message is sent."), "success")
            return redirect(url_for("rfqs.thread", rfq_id=rfq_id, supplier_id=supplier_id))
    messages = queries.list_messages(db, rfq_id, supplier_id)
    name = queries.supplier_name(db, supplier_id)
    return render_template(
        "rfqs/thread.html",
        rfq=rfq,
        messages=messages,
        form=form,
        name=name,
        supplier_id=supplier_id,
    ), (422 if form.errors else 200)
