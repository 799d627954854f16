"""Flask-Login wiring, on server-side session records (accounts.sessions).

Flask-Login's own cookie only says which user; the user loader also demands the
token of an open session row, so a cookie stops working the moment its session is
ended. Remember-me is not offered: its cookie would carry the user id alone and
outlive logout, so the loader refuses it (no session token comes with it)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.accounts import sessions
from marketplace.accounts.models import User
from marketplace.db import get_session, new_session, utcnow
from marketplace.extensions import SUPPORTED_LOCALES, login_manager

# How stale `last_seen_at` may get before a request writes it again.
TOUCH_EVERY = timedelta(minutes=1)


# Flask-session keys that belong to the visitor rather than to a sign-in, kept when
# a login starts a fresh session: the chosen language and the compare tray
# (buyers/compare.py TRAY_KEY), which a visitor fills before signing up.
KEPT_AT_LOGIN = ("lang", "compare")


def remember_locale(user: User, locale: str) -> None:
    """Store the user's language for e-mails sent when they are not on the site, in a
    small commit of its own (the request's transaction may be mid-way or fail)."""
    with new_session() as db:
        db.execute(update(User).where(User.id == user.id).values(locale=locale))
        db.commit()
    # The request's copy shows it too, without making it dirty in that session.
    set_committed_value(user, "locale", locale)


def _chosen_locale() -> str | None:
    """The language this request chooses: ?lang= or the language switch."""
    if request.endpoint == "main.set_language":
        chosen = session.get("lang")
    else:
        chosen = request.args.get("lang")
    return chosen if chosen in SUPPORTED_LOCALES else None


def log_in(user: User) -> None:
    """Open a server-side session for `user` and bind this browser to it."""
    token = sessions.start_session(
        get_session(),
        user,
        request.headers.get("User-Agent", ""),
        request.remote_addr or "",
    )
    # A fresh Flask session on each login (no fixation of a pre-login cookie); what
    # the visitor chose before signing in stays.
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    session[sessions.SESSION_KEY] = token
    login_user(user, remember=False)
    if user.locale is None and kept.get("lang") in SUPPORTED_LOCALES:
        remember_locale(user, str(kept["lang"]))


def log_out() -> None:
    """End this browser's session row, then Flask-Login's session."""
    token = session.pop(sessions.SESSION_KEY, None)
    if token:
        sessions.end_by_token(get_session(), token)
    logout_user()


def current_session_id() -> int | None:
    """The id of the request's session row (for "end all other sessions")."""
    row = g.get("user_session")
    return row.id if row is not None else None


def _load(user_id: str) -> User | None:
    token = session.get(sessions.SESSION_KEY)
    if not token or not user_id.isdigit():
        return None
    db = get_session()
    max_idle = timedelta(seconds=int(current_app.config["USER_SESSION_MAX_IDLE"]))
    row = sessions.find_active(db, int(user_id), token, max_idle)
    if row is None:
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        return None
    g.user_session = row
    return user


def _after(response: Response) -> Response:
    chosen = _chosen_locale()
    if chosen and current_user.is_authenticated and current_user.locale != chosen:
        remember_locale(current_user, chosen)
    if session.get("_user_id"):
        # Signed-in pages hold personal data: no browser or proxy may keep a copy
        # (the back button after logout on a shared computer).
        response.headers["Cache-Control"] = "no-store"
    row = g.get("user_session")
    if row is not None and row.last_seen_at < utcnow() - TOUCH_EVERY:
        # In a session of its own: the request's session may be mid-transaction.
        with new_session() as db:
            sessions.touch(db, row.id)
    return response


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(_load)
    app.after_request(_after)
