"""Pages of the buyers' tools: the comparison, the shortlist, saved searches. Every
button is a form that posts and comes back (works without JavaScript)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.buyers import compare, queries, saved_searches, shortlist
from marketplace.buyers.forms import NoteForm, RenameSearchForm, SaveSearchForm
from marketplace.buyers.requests import RequestKind, list_requests
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.pagination import paginate
from marketplace.rfqs import permissions as rfq_permissions
from marketplace.searches.facets import describe_filters

bp = Blueprint("buyers", __name__)
PER_PAGE = 20


def _back(default: str) -> str:
    """Where the button was pressed (a same-site path only: never an open redirect)."""
    target = request.form.get("next") or request.args.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


# --- compare ---


@bp.get("/compare")
def compare_page():  # type: ignore[no-untyped-def]
    table = compare.get_compare_table(get_session(), compare.tray(session))
    return render_template("buyers/compare.html", table=table, limit=compare.MAX_COMPARE)


@bp.post("/compare/<int:product_id>/add")
def compare_add(product_id: int):  # type: ignore[no-untyped-def]
    try:
        product = compare.add(get_session(), session, product_id)
        name = product.display_name(str(get_locale()))
        flash(_("“%(name)s” is in your comparison.", name=name), "success")
    except Conflict as exc:
        flash(exc.message, "warning")
    return redirect(_back(url_for("buyers.compare_page")))


@bp.post("/compare/<int:product_id>/remove")
def compare_remove(product_id: int):  # type: ignore[no-untyped-def]
    compare.remove(session, product_id)
    flash(_("The product is no longer in your comparison."), "info")
    return redirect(_back(url_for("buyers.compare_page")))


@bp.post("/compare/clear")
def compare_clear():  # type: ignore[no-untyped-def]
    compare.clear(session)
    flash(_("Your comparison is empty."), "info")
    return redirect(_back(url_for("buyers.compare_page")))


# --- shortlist ---


@bp.get("/shortlist")
@login_required
def shortlist_page():  # type: ignore[no-untyped-def]
    kind = request.args.get("show", "product")
    if kind not in shortlist.KINDS:
        raise NotFound(_("There is no such list."))
    page = queries.list_shortlist(
        get_session(), current_user.id, kind, request.args.get("page", 1, type=int), PER_PAGE
    )
    counts = queries.count_shortlist(get_session(), current_user.id)
    return render_template(
        "buyers/shortlist.html", page=page, kind=kind, counts=counts, note_form=NoteForm()
    )


@bp.post("/shortlist/<kind>/<int:target_id>/add")
@login_required
def shortlist_add(kind: str, target_id: int):  # type: ignore[no-untyped-def]
    shortlist.add_to_shortlist(get_session(), current_user, kind, target_id)
    flash(_("Saved to your shortlist."), "success")
    return redirect(_back(url_for("buyers.shortlist_page", show=kind)))


@bp.post("/shortlist/<kind>/<int:target_id>/remove")
@login_required
def shortlist_remove(kind: str, target_id: int):  # type: ignore[no-untyped-def]
    shortlist.remove_from_shortlist(get_session(), current_user, kind, target_id)
    flash(_("Removed from your shortlist."), "info")
    return redirect(_back(url_for("buyers.shortlist_page", show=kind)))


@bp.post("/shortlist/items/<int:item_id>/note")
@login_required
def shortlist_note(item_id: int):  # type: ignore[no-untyped-def]
    # The service checks ownership first, then the length (CSRFProtect checked the token).
    form = NoteForm()
    try:
        shortlist.set_note(get_session(), current_user, item_id, form.note.data or "")
        flash(_("Note saved."), "success")
    except InvalidInput as exc:
        flash(exc.message, "danger")
    return redirect(_back(url_for("buyers.shortlist_page")))


# --- saved searches ---


@bp.get("/saved-searches")
@login_required
def saved_searches_page():  # type: ignore[no-untyped-def]
    stmt = queries.select_saved_searches(current_user.id)
    db = get_session()
    page = paginate(db, stmt, request.args.get("page", 1, type=int), PER_PAGE)
    locale = str(get_locale() or "vi")
    filters = {s.id: describe_filters(db, s.params, locale) for s in page.items}
    return render_template(
        "buyers/saved_searches.html", page=page, filters=filters, rename_form=RenameSearchForm()
    )


@bp.post("/saved-searches")
@login_required
def save_search():  # type: ignore[no-untyped-def]
    form = SaveSearchForm()
    try:
        saved = saved_searches.save_search(
            get_session(), current_user, form.name.data or "", request.form, bool(form.notify.data)
        )
        flash(_("Search saved as “%(name)s”.", name=saved.name), "success")
        return redirect(url_for("buyers.saved_searches_page"))
    except (InvalidInput, Conflict) as exc:
        flash(exc.message, "danger")
    return redirect(_back(url_for("searches.results")))


@bp.get("/saved-searches/<int:search_id>")
@login_required
def open_search(search_id: int):  # type: ignore[no-untyped-def]
    saved = saved_searches.get_own_search(get_session(), current_user, search_id)
    return redirect(url_for("searches.results", **saved.params))


@bp.post("/saved-searches/<int:search_id>/rename")
@login_required
def rename_search(search_id: int):  # type: ignore[no-untyped-def]
    form = RenameSearchForm()
    try:
        saved_searches.rename_search(get_session(), current_user, search_id, form.name.data or "")
        flash(_("Saved search renamed."), "success")
    except InvalidInput as exc:
        flash(exc.message, "danger")
    return redirect(url_for("buyers.saved_searches_page"))


@bp.post("/saved-searches/<int:search_id>/alerts")
@login_required
def search_alerts(search_id: int):  # type: ignore[no-untyped-def]
    on = request.form.get("on") == "1"
    saved_searches.set_alerts(get_session(), current_user, search_id, on)
    flash(_("We will tell you about new products.") if on else _("Alerts are off."), "success")
    return redirect(url_for("buyers.saved_searches_page"))


@bp.route("/saved-searches/<int:search_id>/delete", methods=["GET", "POST"])
@login_required
def delete_search(search_id: int):  # type: ignore[no-untyped-def]
    if request.method == "GET":
        saved = saved_searches.get_own_search(get_session(), current_user, search_id)
        return render_template("buyers/delete_search.html", saved=saved)
    name = saved_searches.delete_search(get_session(), current_user, search_id)
    flash(_("Saved search “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("buyers.saved_searches_page"))


# --- everything the buyer asked: inquiries and requests for quotation ---


@bp.get("/my-requests")
@login_required
def requests_page():  # type: ignore[no-untyped-def]
    rfq_permissions.require_buyer_role(current_user)
    kind = request.args.get("kind") or None
    if kind not in (None, *RequestKind):
        raise NotFound(_("There is no such list."))
    page = list_requests(
        get_session(),
        current_user.id,
        RequestKind(kind) if kind else None,
        request.args.get("page", 1, type=int),
    )
    return render_template("buyers/requests.html", page=page, kind=kind or "")
