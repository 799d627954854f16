from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import auth, services, sessions, throttle
from marketplace.accounts.forms import (
    ButtonForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignUpForm,
)
from marketplace.accounts.models import Role
from marketplace.db import get_session
from marketplace.errors import Conflict, InvalidInput
from marketplace.extensions import limiter
from marketplace.forms_util import apply_errors, keeps_input

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    # Only same-site relative paths: never an open redirect.
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.login_limit, methods=["POST"])
@limiter.limit(
    throttle.login_account_limit,
    methods=["POST"],
    key_func=throttle.account_key,
    deduct_when=throttle.failed_login,
)
@keeps_input
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            auth.log_in(user)
            flash(_("Welcome back!"), "success")
            return redirect(_safe_next(url_for("main.home")))
        flash(_("E-mail or password is not correct."), "danger")
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():  # type: ignore[no-untyped-def]
    auth.log_out()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
@keeps_input
def signup():  # type: ignore[no-untyped-def]
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.sign_up(
                get_session(),
                form.email.data,
                form.password.data,
                Role(form.role.data),
                form.full_name.data,
            )
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, exc, "email")
        else:
            auth.log_in(user)
            flash(_("Your account has been created."), "success")
            if user.role == Role.SUPPLIER_STAFF:
                return redirect(url_for("suppliers.create"))
            return redirect(url_for("main.home"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(throttle.reset_limit, methods=["POST"])
@limiter.limit(throttle.reset_account_limit, methods=["POST"], key_func=throttle.account_key)
@keeps_input
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(get_session(), form.email.data)
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@keeps_input
def reset_password(token: str):  # type: ignore[no-untyped-def]
    try:
        # Said on opening the link, before anyone types a new password for nothing.
        services.check_reset_token(get_session(), token)
    except InvalidInput as exc:
        flash(exc.message, "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(get_session(), token, form.password.data)
        except InvalidInput as exc:
            apply_errors(form, exc, "password")
        else:
            flash(_("Your password has been changed. You can log in now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@keeps_input
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                get_session(),
                current_user,
                form.current_password.data,
                form.password.data,
                auth.current_session_id(),
            )
        except InvalidInput as exc:
            apply_errors(form, exc, "current_password")
        else:
            flash(
                _("Your password has been changed. Your other sessions have been logged out."),
                "success",
            )
            return redirect(url_for("main.home"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/sessions")
@login_required
def sessions_page():  # type: ignore[no-untyped-def]
    rows = sessions.list_active(get_session(), current_user)
    return render_template(
        "accounts/sessions.html",
        rows=rows,
        current_id=auth.current_session_id(),
        form=ButtonForm(),
    )


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):  # type: ignore[no-untyped-def]
    current_id = auth.current_session_id()
    sessions.end_one(get_session(), current_user, session_id)
    if session_id == current_id:
        auth.log_out()
        flash(_("You have logged out."), "info")
        return redirect(url_for("main.home"))
    flash(_("That session has been logged out."), "success")
    return redirect(url_for("accounts.sessions_page"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():  # type: ignore[no-untyped-def]
    ended = sessions.end_other_sessions(get_session(), current_user, auth.current_session_id())
    flash(_("%(n)d other session(s) logged out.", n=ended), "success")
    return redirect(url_for("accounts.sessions_page"))
