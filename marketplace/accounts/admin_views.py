"""The accounts administration pages: officials find accounts and link them to a
supplier; administrators also change roles, (de)activate and log accounts out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import management, permissions, queries
from marketplace.accounts.forms import ActiveForm, ButtonForm, LinkSupplierForm, RoleForm
from marketplace.accounts.invitations import role_label
from marketplace.accounts.models import Role
from marketplace.accounts.views import bp
from marketplace.db import get_session
from marketplace.errors import InvalidInput
from marketplace.pagination import paginate

PER_PAGE = 25


@bp.route("/users")
@login_required
def users():  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    filters = {k: request.args.get(k, "").strip() for k in ("role", "status", "q")}
    db = get_session()
    page = paginate(
        db, queries.select_users(**filters), request.args.get("page", 1, type=int), PER_PAGE
    )
    names = queries.supplier_names(db, {u.supplier_id for u in page.items if u.supplier_id})
    return render_template(
        "accounts/users.html",
        page=page,
        filters=filters,
        names=names,
        roles=[(r.value, role_label(r)) for r in Role],
        role_label=role_label,
    )


def _detail(user_id: int, **forms: object):  # type: ignore[no-untyped-def]
    db = get_session()
    user = management.require_user(db, user_id)
    names = queries.supplier_names(db, {user.supplier_id} if user.supplier_id else set())
    role_form = forms.get("role_form") or RoleForm(role=user.role.value)
    return render_template(
        "accounts/user_detail.html",
        user=user,
        supplier=names.get(user.supplier_id) if user.supplier_id else None,
        role_label=role_label,
        is_admin=permissions.is_admin(current_user),
        role_form=role_form,
        active_form=forms.get("active_form") or ActiveForm(),
        link_form=forms.get("link_form") or LinkSupplierForm(),
        button_form=ButtonForm(),
    )


@bp.route("/users/<int:user_id>")
@login_required
def user_detail(user_id: int):  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    return _detail(user_id)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@login_required
def change_role(user_id: int):  # type: ignore[no-untyped-def]
    permissions.require_admin(current_user)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("The form was not understood; nothing was changed."), "danger")
    else:
        user = management.change_role(get_session(), current_user, user_id, Role(form.role.data))
        flash(
            _("%(email)s is now %(role)s.", email=user.email, role=role_label(user.role)), "success"
        )
    return redirect(url_for("accounts.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate):action>", methods=["POST"])
@login_required
def set_active(user_id: int, action: str):  # type: ignore[no-untyped-def]
    permissions.require_admin(current_user)
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            user = management.set_active(
                get_session(), current_user, user_id, action == "reactivate", form.reason.data or ""
            )
        except InvalidInput as exc:
            form.reason.errors = [exc.message]
            return _detail(user_id, active_form=form), 422
        flash(
            _("The account is active again.")
            if user.active
            else _("The account is deactivated and logged out everywhere."),
            "success",
        )
    return redirect(url_for("accounts.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@login_required
def end_user_sessions(user_id: int):  # type: ignore[no-untyped-def]
    permissions.require_admin(current_user)
    if ButtonForm().validate_on_submit():
        ended = management.end_all_sessions(get_session(), current_user, user_id)
        flash(_("%(n)d session(s) logged out.", n=ended), "success")
    return redirect(url_for("accounts.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/supplier", methods=["POST"])
@login_required
def link_supplier(user_id: int):  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    form = LinkSupplierForm()
    if form.validate_on_submit():
        try:
            management.link_supplier(get_session(), current_user, user_id, form.tax_code.data)
        except InvalidInput as exc:
            form.tax_code.errors = [exc.message]
            return _detail(user_id, link_form=form), 422
        flash(_("The account is now staff of the company."), "success")
        return redirect(url_for("accounts.user_detail", user_id=user_id))
    return _detail(user_id, link_form=form), 422


@bp.route("/users/<int:user_id>/supplier/remove", methods=["POST"])
@login_required
def unlink_supplier(user_id: int):  # type: ignore[no-untyped-def]
    permissions.require_official(current_user)
    if ButtonForm().validate_on_submit():
        management.unlink_supplier(get_session(), current_user, user_id)
        flash(_("The account is no longer linked to the company."), "success")
    return redirect(url_for("accounts.user_detail", user_id=user_id))
