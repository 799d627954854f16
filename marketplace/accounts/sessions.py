"""Server-side login sessions: one row per login, referenced from the signed Flask
session cookie by a random token. The user loader accepts a cookie only while its
row is open, so logging out (or an administrator, a password reset, "log out
everywhere") really ends it, even for a copy of the cookie kept elsewhere."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User, UserSession
from marketplace.audit import services as audit
from marketplace.db import utcnow
from marketplace.errors import NotFound

# Flask session key holding the browser's token.
SESSION_KEY = "_sid"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, user_agent: str, ip_address: str) -> str:
    """Open a session for `user`; returns the token to put in the cookie. Commits."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_token(token),
            user_agent=(user_agent or "")[:255],
            ip_address=(ip_address or "")[:45],
        )
    )
    session.commit()
    return token


def find_active(
    session: Session, user_id: int, token: str, max_idle: timedelta
) -> UserSession | None:
    """The open session of `user_id` with this token, unless idle longer than max_idle."""
    row = session.scalar(
        select(UserSession).where(
            UserSession.token_hash == hash_token(token),
            UserSession.user_id == user_id,
            UserSession.ended_at.is_(None),
        )
    )
    if row is None or row.last_seen_at < utcnow() - max_idle:
        return None
    return row


def touch(session: Session, session_id: int) -> None:
    """Record that the session was used now. Commits."""
    session.execute(
        update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow())
    )
    session.commit()


def end_by_token(session: Session, token: str) -> None:
    """Log out: end the session holding this token. Commits."""
    session.execute(
        update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    session.commit()


def end_sessions(session: Session, user: User, keep_id: int | None = None) -> int:
    """End every open session of `user` except `keep_id`, in the caller's transaction
    (not committed). Returns how many were ended."""
    stmt = (
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    if keep_id is not None:
        stmt = stmt.where(UserSession.id != keep_id)
    return session.execute(stmt).rowcount or 0  # type: ignore[attr-defined]


def end_other_sessions(session: Session, user: User, current_id: int | None) -> int:
    """ "Log out everywhere else": ends all the user's other sessions, audited. Commits."""
    ended = end_sessions(session, user, keep_id=current_id)
    audit.record(session, user, "user", user.id, "sessions_ended", after={"ended": ended})
    session.commit()
    return ended


def end_one(session: Session, user: User, session_id: int) -> None:
    """End one of the user's own sessions. Raises NotFound for another user's. Commits."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound(_("This session does not exist or is not yours."))
    if row.ended_at is None:
        row.ended_at = utcnow()
        audit.record(session, user, "user", user.id, "sessions_ended", after={"session": row.id})
    session.commit()


def list_active(session: Session, user: User) -> list[UserSession]:
    """The user's open sessions, most recently used first."""
    stmt = (
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(session.scalars(stmt))
