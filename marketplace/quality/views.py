"""Officials' data-quality pages: duplicate review, merge and undo (each confirmed
first), stale and incomplete profiles. Logic in duplicates.py, merges.py, profiles.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import permissions
from marketplace.db import get_session
from marketplace.errors import DomainError, NotFound
from marketplace.pagination import paginate
from marketplace.quality import duplicates, merges, profiles
from marketplace.quality.forms import DismissForm, MergeForm, UndoForm
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.suppliers.state_labels import state_labels

bp = Blueprint("quality", __name__, url_prefix="/officials/quality")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)


@bp.context_processor
def _labels() -> dict[str, object]:
    return {
        "reason_label": reason_label,
        "missing_labels": profiles.missing_labels(),
        "mover_label": merges.mover_label,
        "state_labels": state_labels(),
    }


def reason_label(reason: str) -> str:
    return {
        "phone": _("same phone"),
        "email": _("same e-mail"),
        "website": _("same website"),
        "name": _("similar name"),
    }.get(reason, reason)


def _state_arg() -> VerificationState | None:
    value = request.args.get("state") or None
    try:
        return VerificationState(value) if value else None
    except ValueError:  # a hand-edited link: show every state rather than a dead end
        flash(_("Unknown verification state: %(state)s.", state=value), "warning")
        return None


def _supplier(supplier_id: int | None) -> Supplier:
    supplier = get_session().get(Supplier, supplier_id) if supplier_id else None
    if supplier is None:
        raise NotFound(_("No such supplier."))
    return supplier


@bp.route("/duplicates")
def duplicates_list():  # type: ignore[no-untyped-def]
    review = duplicates.review_page(get_session(), request.args.get("page", 1, type=int))
    return render_template("quality/duplicates.html", review=review, form=DismissForm())


@bp.route("/duplicates/dismiss", methods=["POST"])
def dismiss():  # type: ignore[no-untyped-def]
    form = DismissForm()
    if form.validate_on_submit():
        duplicates.dismiss_pair(get_session(), current_user, form.low.data, form.high.data)
        flash(_("The pair was marked as not duplicates; it will not be listed again."), "success")
    else:
        flash(_("The pair to dismiss was not given."), "danger")
    return redirect(url_for("quality.duplicates_list", page=form.page.data or 1))


@bp.route("/merge", methods=["GET", "POST"])
def merge():  # type: ignore[no-untyped-def]
    db = get_session()
    kept = _supplier(request.args.get("keep", type=int))
    merged = _supplier(request.args.get("merge", type=int))
    plan = merges.plan_merge(db, current_user, kept, merged)
    form = MergeForm()
    if form.validate_on_submit():
        try:
            record = merges.merge_suppliers(
                db, current_user, kept, merged, form.note.data or "", form.rename_collisions.data
            )
        except DomainError as exc:
            db.rollback()
            form.form_errors.append(exc.message)
        else:
            flash(
                _(
                    "%(merged)s (tax code %(merged_tax)s) was merged into %(kept)s (tax code "
                    "%(kept_tax)s).",
                    merged=merged.name,
                    merged_tax=merged.tax_code,
                    kept=kept.name,
                    kept_tax=kept.tax_code,
                ),
                "success",
            )
            return redirect(url_for("quality.merge_detail", merge_id=record.id))
    return render_template("quality/merge.html", plan=plan, form=form)


@bp.route("/merges")
def merges_list():  # type: ignore[no-untyped-def]
    page = paginate(
        get_session(), merges.select_merges(), request.args.get("page", 1, type=int), 20
    )
    return render_template("quality/merges.html", page=page)


@bp.route("/merges/<int:merge_id>")
def merge_detail(merge_id: int):  # type: ignore[no-untyped-def]
    record = merges.get_merge(get_session(), merge_id)
    return render_template("quality/merge_detail.html", merge=record)


@bp.route("/merges/<int:merge_id>/undo", methods=["GET", "POST"])
def undo(merge_id: int):  # type: ignore[no-untyped-def]
    db = get_session()
    record = merges.get_merge(db, merge_id)
    form = UndoForm()
    if form.validate_on_submit():
        try:
            merges.undo_merge(db, current_user, merge_id, form.note.data or "")
        except DomainError as exc:
            db.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The merge was undone."), "success")
            return redirect(url_for("quality.merge_detail", merge_id=merge_id))
    problems = merges.undo_problems(db, record)
    return render_template("quality/undo.html", merge=record, problems=problems, form=form)


@bp.route("/stale")
def stale():  # type: ignore[no-untyped-def]
    months = request.args.get("months", 12, type=int)
    if months not in profiles.STALE_MONTHS:
        months = 12
    db = get_session()
    stmt = profiles.select_stale(months, _state_arg())
    page = paginate(db, stmt, request.args.get("page", 1, type=int), 25)
    return render_template(
        "quality/stale.html",
        page=page,
        months=months,
        state=request.args.get("state", ""),
        changed=profiles.last_changes(db, page.items),
    )


@bp.route("/incomplete")
def incomplete():  # type: ignore[no-untyped-def]
    missing = request.args.get("missing") or None
    if missing and missing not in profiles.missing_labels():
        raise NotFound(_("Unknown field: %(field)s.", field=missing))
    db = get_session()
    state = _state_arg()
    page = paginate(
        db, profiles.select_incomplete(missing, state), request.args.get("page", 1, type=int), 25
    )
    return render_template(
        "quality/incomplete.html",
        page=page,
        missing=missing or "",
        state=request.args.get("state", ""),
        counts=profiles.count_missing(db, state),
        gaps=profiles.missing_of(db, page.items),
    )
