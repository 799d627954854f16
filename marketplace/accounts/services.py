"""Account use cases: sign up, log in, password reset and change, officials."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts import mail
from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import MIN_LENGTH, hash_password, verify_password
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput
from marketplace.suppliers import validation

SELF_SERVICE_ROLES = (Role.BUYER, Role.SUPPLIER_STAFF)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            _("The password must have at least %(n)d characters.", n=MIN_LENGTH),
            {"password": _("too short")},
        )


def create_user(
    session: Session, email: str, password: str, role: Role, full_name: str = ""
) -> User:
    """Create an account. Raises InvalidInput (bad e-mail/password), Conflict (e-mail taken)."""
    try:
        email = validation.email(email)
    except ValueError as exc:
        raise InvalidInput(str(exc), {"email": str(exc)}) from None
    _check_password(password)
    if get_user_by_email(session, email):
        raise Conflict(_("An account with this e-mail address already exists."))
    user = User(
        email=email.lower(),
        password_hash=hash_password(password),
        role=role,
        full_name=full_name.strip(),
    )
    session.add(user)
    session.commit()
    return user


def sign_up(session: Session, email: str, password: str, role: Role, full_name: str = "") -> User:
    """Self-service sign-up: only buyers and supplier staff."""
    if role not in SELF_SERVICE_ROLES:
        raise InvalidInput(_("This kind of account cannot be created by sign-up."))
    return create_user(session, email, password, role, full_name)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer for every failure)."""
    user = get_user_by_email(session, email)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        return None
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise InvalidInput(
            _("The current password is not correct."), {"current_password": _("not correct")}
        )
    _set_password(session, user, new)


def _set_password(session: Session, user: User, new: str) -> None:
    _check_password(new)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # The password-change time is signed in, so a used (or superseded) link stops working.
    return _serializer().dumps({"uid": user.id, "pc": user.password_changed_at.isoformat()})


def request_password_reset(session: Session, email: str) -> None:
    """Mail a reset link if the address has an active account; silent otherwise so the
    form does not reveal which addresses are registered."""
    user = get_user_by_email(session, email)
    if user is None or not user.active:
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = _(
        "Someone asked to reset the password of your account on the Hanoi environmental "
        "equipment marketplace.\n\nOpen this link within %(minutes)d minutes to choose a "
        "new password:\n%(link)s\n\nIf it was not you, ignore this message.",
        minutes=minutes,
        link=link,
    )
    mail.queue_mail(user.email, _("Reset your password"), body)


def reset_password(session: Session, token: str, new: str) -> User:
    """Set a new password from a reset link. Raises InvalidInput if expired or used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise InvalidInput(_("This reset link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise InvalidInput(_("This reset link is not valid.")) from None
    user = session.get(User, data.get("uid"))
    if user is None or not user.active or user.password_changed_at.isoformat() != data.get("pc"):
        raise InvalidInput(_("This reset link has already been used. Ask for a new one."))
    _set_password(session, user, new)
    return user
