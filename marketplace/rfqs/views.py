"""The buyer's pages (list, draft, publish, invitations, comparison, award, close,
cancel) and the officials' summary of an awarded request. Rules live in services.py,
invites.py and quotes.py; reads in queries.py."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from marketplace.accounts.models import User
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.main.templating import current_locale
from marketplace.rfqs import comparison, invites, queries, quotes, services
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.forms import AddSupplierForm, AwardForm, PostForm, RfqForm
from marketplace.rfqs.pages import category_choices, rfq_form_values
from marketplace.suppliers import geography

bp = Blueprint("rfqs", __name__)


@bp.context_processor
def _helpers() -> dict[str, object]:
    return {"deadline_day": services.deadline_day}


def _form() -> RfqForm:
    form = RfqForm()
    form.fill_choices(category_choices(get_session(), current_locale()), geography.province_names())
    return form


@bp.get("/rfqs")
@login_required
def index() -> str:
    perms.require_buyer_role(current_user)
    page = queries.list_buyer_rfqs(
        get_session(), current_user, request.args.get("page", 1, type=int)
    )
    return render_template("rfqs/index.html", page=page)


@bp.route("/rfqs/new", methods=["GET", "POST"])
@login_required
@keeps_input
def new():  # type: ignore[no-untyped-def]
    perms.require_buyer_role(current_user)
    form = _form()
    if request.method == "GET":
        code = request.values.get("category", "")
        form.category.data = code or form.category.data
        form.offer_template(queries.spec_template(get_session(), code) if code else [])
    elif form.validate_on_submit():
        try:
            rfq_id = services.create_draft(get_session(), current_user, form.to_input())
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            flash(
                _("Your draft is saved. Check it, then publish it to invite suppliers."), "success"
            )
            return redirect(url_for("rfqs.detail", rfq_id=rfq_id))
    return render_template("rfqs/form.html", form=form, rfq=None), (422 if form.errors else 200)


@bp.route("/rfqs/<int:rfq_id>/edit", methods=["GET", "POST"])
@login_required
@keeps_input
def edit(rfq_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    rfq = services.get_draft(db, current_user, rfq_id)
    form = _form()
    if request.method == "GET":
        form.fill_from(*rfq_form_values(rfq))
    elif form.validate_on_submit():
        try:
            services.update_draft(db, current_user, rfq_id, form.to_input())
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc)
        else:
            flash(_("The draft is saved."), "success")
            return redirect(url_for("rfqs.detail", rfq_id=rfq_id))
    return render_template("rfqs/form.html", form=form, rfq=rfq), (422 if form.errors else 200)


@bp.get("/rfqs/<int:rfq_id>")
@login_required
def detail(rfq_id: int) -> str:
    """The buyer's page of their request, or the invited supplier's."""
    db = get_session()
    if perms.supplier_of(current_user) is not None:
        from marketplace.rfqs.supplier_views import supplier_page

        return supplier_page(rfq_id)
    view = queries.get_buyer_view(db, current_user, rfq_id)
    return render_template("rfqs/buyer.html", view=view, post_form=PostForm())


def _act(
    rfq_id: int,
    action: Callable[[Session, User, int], object],
    done: str | Callable[[object], str],
) -> Response:
    """A POST with only the CSRF token that runs one buyer's action, then back.
    `done` is the message, or makes it from what the action returned."""
    if PostForm().validate_on_submit():
        try:
            result = action(get_session(), current_user, rfq_id)
        except (Conflict, InvalidInput) as exc:
            flash(exc.message, "danger")
        else:
            flash(done(result) if callable(done) else done, "success")
    return redirect(url_for("rfqs.detail", rfq_id=rfq_id))


@bp.post("/rfqs/<int:rfq_id>/publish")
@login_required
def publish(rfq_id: int) -> Response:
    return _act(
        rfq_id, services.publish, _("Your request is published and the suppliers are invited.")
    )


@bp.post("/rfqs/<int:rfq_id>/close")
@login_required
def close(rfq_id: int) -> Response:
    return _act(rfq_id, services.close, _("The request is closed: no more quotes are taken."))


@bp.post("/rfqs/<int:rfq_id>/cancel")
@login_required
def cancel(rfq_id: int) -> Response:
    def done(told: object) -> str:
        if told:
            return _("The request is cancelled; the invited suppliers are told.")
        return _("The draft is cancelled. Nobody had been invited.")

    return _act(rfq_id, services.cancel, done)


@bp.post("/rfqs/<int:rfq_id>/invitations/<int:supplier_id>/remove")
@login_required
def remove_invitation(rfq_id: int, supplier_id: int) -> Response:
    def remove(db: Session, user: User, rid: int) -> None:
        invites.remove_supplier(db, user, rid, supplier_id)

    return _act(rfq_id, remove, _("The invitation is withdrawn."))


@bp.route("/rfqs/<int:rfq_id>/invitations/add", methods=["GET", "POST"])
@login_required
def add_invitation(rfq_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    form = AddSupplierForm()
    if form.validate_on_submit():
        try:
            invites.invite_supplier(db, current_user, rfq_id, int(form.supplier_id.data or 0))
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(_("The supplier is invited."), "success")
            return redirect(url_for("rfqs.detail", rfq_id=rfq_id))
    q = request.args.get("q", "")
    found = invites.find_candidates(db, current_user, rfq_id, q)
    return render_template("rfqs/add_supplier.html", rfq_id=rfq_id, q=q, found=found, form=form)


@bp.get("/rfqs/<int:rfq_id>/compare")
@login_required
def compare(rfq_id: int) -> str:
    sort = request.args.get("sort", "price")
    rfq, rows = comparison.compare_quotes(get_session(), current_user, rfq_id, sort)
    return render_template("rfqs/compare.html", rfq=rfq, rows=rows, sort=sort, post_form=PostForm())


@bp.route("/rfqs/<int:rfq_id>/quotes/<int:quote_id>/award", methods=["GET", "POST"])
@login_required
@keeps_input
def award(rfq_id: int, quote_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    quote = quotes.awardable_quote(db, current_user, rfq_id, quote_id)
    form = AwardForm()
    if form.validate_on_submit():
        try:
            services.award(db, current_user, rfq_id, form.to_input(quote_id))
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc)
        else:
            flash(
                _("The quote is chosen and the suppliers are told. The award is recorded."),
                "success",
            )
            return redirect(url_for("rfqs.detail", rfq_id=rfq_id))
    elif request.method == "GET":
        form.contract_value_vnd.data = quote.price_vnd
    name = queries.supplier_name(db, quote.supplier_id)
    return render_template("rfqs/award.html", form=form, quote=quote, rfq_id=rfq_id, name=name), (
        422 if form.errors else 200
    )


@bp.get("/officials/rfqs/<int:rfq_id>")
@login_required
def official_summary(rfq_id: int) -> str:
    summary = comparison.get_award_summary(get_session(), current_user, rfq_id)
    return render_template("rfqs/official_summary.html", s=summary)
