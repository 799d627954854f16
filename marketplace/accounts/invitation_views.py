"""Sending, withdrawing and accepting invitations."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import auth, invitations, permissions, queries
from marketplace.accounts.forms import AcceptInvitationForm, ButtonForm, InviteForm
from marketplace.accounts.models import Role
from marketplace.accounts.views import bp
from marketplace.db import get_session, utcnow
from marketplace.errors import Conflict, InvalidInput
from marketplace.forms_util import apply_errors, keeps_input
from marketplace.pagination import paginate


@bp.route("/invitations", methods=["GET", "POST"])
@login_required
@keeps_input
def invitations_page():  # type: ignore[no-untyped-def]
    permissions.require_manage_invitations(current_user)
    is_admin = permissions.is_admin(current_user)
    form = InviteForm()
    if form.validate_on_submit():
        role = Role(form.role.data) if is_admin else Role.SUPPLIER_STAFF
        supplier_id = None if is_admin else current_user.supplier_id
        try:
            invitations.invite(get_session(), current_user, form.email.data, role, supplier_id)
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "email")
        else:
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("accounts.invitations_page"))
    page = paginate(
        get_session(),
        queries.select_invitations(current_user),
        request.args.get("page", 1, type=int),
        25,
    )
    return render_template(
        "accounts/invitations.html",
        form=form,
        page=page,
        is_admin=is_admin,
        now=utcnow(),
        role_label=invitations.role_label,
        button_form=ButtonForm(),
    )


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(invitation_id: int):  # type: ignore[no-untyped-def]
    permissions.require_manage_invitations(current_user)
    if ButtonForm().validate_on_submit():
        invitation = invitations.revoke(get_session(), current_user, invitation_id)
        flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "success")
    return redirect(url_for("accounts.invitations_page"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@keeps_input
def accept_invitation(token: str):  # type: ignore[no-untyped-def]
    try:
        invitation = invitations.get_open_invitation(get_session(), token)
    except invitations.InvitationClosed as exc:
        return render_template("accounts/invitation_closed.html", message=exc.message), 410
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept(get_session(), token, form.full_name.data, form.password.data)
        except invitations.InvitationClosed as exc:
            return render_template("accounts/invitation_closed.html", message=exc.message), 410
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "password")
        else:
            auth.log_in(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.home"))
    return render_template(
        "accounts/accept_invitation.html",
        form=form,
        invitation=invitation,
        role_label=invitations.role_label,
    )
