from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.accounts import services
from marketplace.accounts.forms import (
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

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    # Only same-site relative paths: never an open redirect.
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(_("Welcome back!"), "success")
            return redirect(_safe_next(url_for("main.home")))
        flash(_("E-mail or password is not correct."), "danger")
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
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
            form.email.errors.append(exc.message)
        else:
            login_user(user)
            flash(_("Your account has been created."), "success")
            if user.role == Role.SUPPLIER_STAFF:
                return redirect(url_for("suppliers.create"))
            return redirect(url_for("main.home"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(get_session(), form.email.data)
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(get_session(), token, form.password.data)
        except InvalidInput as exc:
            flash(exc.message, "danger")
            return redirect(url_for("accounts.forgot_password"))
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                get_session(), current_user, form.current_password.data, form.password.data
            )
        except InvalidInput as exc:
            form.current_password.errors.append(exc.message)
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/change_password.html", form=form)
