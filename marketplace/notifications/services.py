"""Tell users something: a stored notice (the bell) and, when asked, an e-mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import Session

from marketplace.accounts.mail import queue_mail
from marketplace.accounts.models import User
from marketplace.db import new_session, on_commit, utcnow
from marketplace.errors import NotFound
from marketplace.notifications import digests, messages, preferences
from marketplace.notifications.models import Notification


def notify(
    session: Session,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None = None,
    link: str | None = None,
) -> list[Notification]:
    """Add one notice of `kind` for each user, in the caller's transaction (the
    caller commits, so the notice exists exactly when the thing it tells about does).
    `link` is a path on this site; `params` must be JSON values."""
    made = [
        Notification(user_id=u.id, kind=kind, params=dict(params or {}), link=link) for u in users
    ]
    session.add_all(made)
    return made


def deliver(
    session: Session,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None = None,
    link: str | None = None,
) -> list[Notification]:
    """Tell each user: a notice in the caller's transaction and an e-mail to those who
    want this kind's group (preferences.py): at once after the commit, or, for a
    digest kind, in their next hourly digest (queued in the same transaction). The
    one entry point features use for telling people something."""
    users = list(users)
    made = notify(session, users, kind, params, link)
    to_mail = preferences.wanting_email(session, users, kind)
    if messages.is_digest(kind):
        digests.queue(session, to_mail, kind, params, link)
    elif to_mail:
        on_commit(session, lambda: _send(to_mail, kind, params, link))
    return made


def mail(
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None = None,
    link: str | None = None,
) -> None:
    """The e-mail half of `deliver`, for a caller that stored its notices itself:
    call it after the commit. Respects the users' choices (read in a session of its
    own) and digest kinds."""
    with new_session() as session:
        to_mail = preferences.wanting_email(session, users, kind)
        if messages.is_digest(kind):
            digests.queue(session, to_mail, kind, params, link)
            session.commit()
            return
    _send(to_mail, kind, params, link)


def _send(
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None,
    link: str | None,
) -> None:
    """Queue the notice as an e-mail to each user, in their own language."""
    for user in users:
        with force_locale(user.locale or "vi"):
            text = messages.render(kind, params or {})
            body = text
            if link:
                body += "\n\n" + _("Details: %(url)s", url=_absolute(link))
            body += "\n\n" + _("Choose which e-mails you get: %(url)s", url=digests.settings_url())
            subject = _("Hanoi Green Industry: %(text)s", text=_first_line(text))
        queue_mail(user.email, subject, body)


def _first_line(text: str, limit: int = 90) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _absolute(link: str) -> str:
    # From PUBLIC_BASE_URL, never the request's Host (see accounts/links.py).
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + link


def mark_read(session: Session, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notices read; NotFound for anyone else's (their
    existence is not revealed)."""
    notice = session.get(Notification, notification_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound(_("This notice does not exist."))
    if notice.read_at is None:
        notice.read_at = utcnow()
    session.commit()
    return notice


def mark_all_read(session: Session, user: User) -> int:
    """Mark every unread notice of the user read; returns how many."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
