"""Account use cases: sign up, log in, password reset and change, officials."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts import mail
from marketplace.accounts.links import public_url
from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import MIN_LENGTH, hash_password, is_common, verify_password
from marketplace.accounts.sessions import end_sessions
from marketplace.audit import services as audit
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput
from marketplace.suppliers import validation

SELF_SERVICE_ROLES = (Role.BUYER, Role.SUPPLIER_STAFF)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_password(password: str) -> None:
    """Raise InvalidInput (on the `password` field) for a password too short or on
    the list of common and breached passwords."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            _("The password must have at least %(n)d characters.", n=MIN_LENGTH),
            {"password": _("The password must have at least %(n)d characters.", n=MIN_LENGTH)},
        )
    if is_common(password):
        message = _(
            "This password is on a list of common passwords that attackers try first. "
            "Choose a less common one, for example a few unrelated words."
        )
        raise InvalidInput(message, {"password": message})


def clean_email(email: str) -> str:
    """The address, normalised; InvalidInput naming the problem otherwise."""
    try:
        return validation.email(email).lower()
    except ValueError as exc:
        raise InvalidInput(str(exc), {"email": str(exc)}) from None


def new_user(
    session: Session,
    email: str,
    password: str,
    role: Role,
    full_name: str = "",
    supplier_id: int | None = None,
) -> User:
    """Add (not commit) an account after the shared checks. Raises InvalidInput (bad
    e-mail/password), Conflict (e-mail taken)."""
    email = clean_email(email)
    check_password(password)
    if get_user_by_email(session, email):
        raise Conflict(_("An account with this e-mail address already exists."))
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        full_name=full_name.strip(),
        supplier_id=supplier_id,
    )
    session.add(user)
    return user


def create_user(
    session: Session, email: str, password: str, role: Role, full_name: str = ""
) -> User:
    """Create an account. Raises InvalidInput (bad e-mail/password), Conflict (e-mail taken)."""
    user = new_user(session, email, password, role, full_name)
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


def change_password(
    session: Session, user: User, current: str, new: str, current_session_id: int | None = None
) -> None:
    """Change one's own password. Every other session of the account ends (a thief's
    included); the owner is told by e-mail. Raises InvalidInput."""
    if not verify_password(user.password_hash, current):
        message = _("The current password is not correct.")
        raise InvalidInput(message, {"current_password": message})
    _set_password(session, user, new, keep_session_id=current_session_id)
    audit.record(session, user, "user", user.id, "password_changed")
    session.commit()
    _notify_password_changed(user, reset=False)


def _set_password(
    session: Session, user: User, new: str, keep_session_id: int | None = None
) -> None:
    check_password(new)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    end_sessions(session, user, keep_id=keep_session_id)


def _notify_password_changed(user: User, *, reset: bool) -> None:
    with force_locale(user.locale or "vi"):
        how = (
            _("by a password-reset link")
            if reset
            else _("from the account's password page while logged in")
        )
        body = _(
            "The password of your account %(email)s on the Hanoi environmental equipment "
            "marketplace was changed %(how)s. Every other session of the account has been "
            "logged out.\n\nIf it was not you, reset your password now:\n%(link)s\n"
            "and tell the Department of Industry and Trade.",
            email=user.email,
            how=how,
            link=public_url("accounts.forgot_password"),
        )
        subject = _("Your password was changed")
    mail.queue_mail(user.email, subject, body)


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
    link = public_url("accounts.reset_password", token=make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.locale or "vi"):
        body = _(
            "Someone asked to reset the password of your account on the Hanoi environmental "
            "equipment marketplace.\n\nOpen this link within %(minutes)d minutes to choose a "
            "new password:\n%(link)s\n\nIf it was not you, ignore this message.",
            minutes=minutes,
            link=link,
        )
        subject = _("Reset your password")
    mail.queue_mail(user.email, subject, body)


def check_reset_token(session: Session, token: str) -> User:
    """The user a reset link is for. Raises InvalidInput if expired, invalid or used,
    so the page can say so before the form is filled."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise InvalidInput(_("This reset link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise InvalidInput(_("This reset link is not valid.")) from None
    user = session.get(User, data.get("uid"))
    if user is None or not user.active or user.password_changed_at.isoformat() != data.get("pc"):
        raise InvalidInput(_("This reset link has already been used. Ask for a new one."))
    return user


def reset_password(session: Session, token: str, new: str) -> User:
    """Set a new password from a reset link; every session of the account ends and the
    owner is told by e-mail. Raises InvalidInput if expired, used or a weak password."""
    user = check_reset_token(session, token)
    _set_password(session, user, new)
    audit.record(session, user, "user", user.id, "password_changed", note="reset link")
    session.commit()
    _notify_password_changed(user, reset=True)
    return user
