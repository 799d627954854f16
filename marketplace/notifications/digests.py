"""Digest e-mails: notices of a digest kind (messages.register(..., digest=True)) are
not mailed one by one. They wait in notification_digest_items and a periodic task
(tasks.py) sends each user at most ONE e-mail per hour listing everything pending: a
supplier invited to ten requests for quotation in an afternoon gets one or two
e-mails, not ten. The first pending item after a quiet hour goes out at the next
run, so nobody waits an hour for the only news of the day. At sending, identical
pending items are listed once and items their kind no longer finds relevant
(messages.register(..., still_relevant=...)) are dropped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.links import public_url
from marketplace.accounts.mail import queue_mail
from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.notifications import messages, preferences
from marketplace.notifications.models import DigestItem

INTERVAL = timedelta(hours=1)


def queue(
    session: Session,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None,
    link: str | None,
) -> None:
    """Keep the notice for each user's next digest, in the caller's transaction."""
    session.add_all(
        DigestItem(user_id=u.id, kind=kind, params=dict(params or {}), link=link) for u in users
    )


def due_user_ids(session: Session, now: datetime) -> list[int]:
    """Users with pending items whose last digest went out at least INTERVAL ago."""
    last_sent = (
        select(DigestItem.user_id, func.max(DigestItem.sent_at).label("last"))
        .where(DigestItem.sent_at.is_not(None))
        .group_by(DigestItem.user_id)
        .subquery()
    )
    stmt = (
        select(DigestItem.user_id)
        .outerjoin(last_sent, last_sent.c.user_id == DigestItem.user_id)
        .where(
            DigestItem.sent_at.is_(None),
            (last_sent.c.last.is_(None)) | (last_sent.c.last <= now - INTERVAL),
        )
        .distinct()
        .order_by(DigestItem.user_id)
    )
    return list(session.scalars(stmt))


def send_due(session: Session, now: datetime | None = None) -> int:
    """Send every due digest (one e-mail per user); the number of e-mails. `now` is
    settable for tests. Items of a group the user has switched off since, or of an
    inactive user, are marked sent without a mail. Commits once; the mails are
    queued after the commit."""
    now = now or utcnow()
    user_ids = due_user_ids(session, now)
    if not user_ids:
        return 0
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    items = session.scalars(
        select(DigestItem)
        .where(DigestItem.user_id.in_(user_ids), DigestItem.sent_at.is_(None))
        .order_by(DigestItem.created_at, DigestItem.id)
    ).all()
    off = preferences.switched_off(session, user_ids)
    pending: dict[int, list[DigestItem]] = {}
    for item in items:
        pending.setdefault(item.user_id, []).append(item)
    mails: list[tuple[str, str, str]] = []
    for user_id, own in pending.items():
        # A second runner that got here first wins; this one sends nothing for them.
        marked = session.execute(
            update(DigestItem)
            .where(DigestItem.id.in_([i.id for i in own]), DigestItem.sent_at.is_(None))
            .values(sent_at=now)
        )
        if marked.rowcount != len(own):  # type: ignore[attr-defined]
            continue
        user = users[user_id]
        wanted, gone = _sort_out(session, user_id, own, off)
        if gone:
            # Deleted rather than kept as sent: a digest that was never mailed must
            # not hold back the user's next one for an hour.
            session.execute(
                delete(DigestItem)
                .where(DigestItem.id.in_(gone))
                .execution_options(synchronize_session=False)
            )
        if wanted and user.active:
            mails.append((user.email, *compose(user, wanted)))
    session.commit()
    for to, subject, body in mails:
        queue_mail(to, subject, body)
    return len(mails)


def _sort_out(
    session: Session, user_id: int, items: list[DigestItem], off: set[tuple[int, str]]
) -> tuple[list[DigestItem], list[int]]:
    """(the items to list, the ids of items no longer relevant). Each distinct notice
    is listed once: a supplier removed from a request and invited again has two
    identical items pending. Items of a group switched off are neither."""
    wanted: list[DigestItem] = []
    gone: list[int] = []
    seen: set[tuple[str, str, str | None]] = set()
    for item in items:
        if (user_id, messages.group_of(item.kind)) in off:
            continue
        if not messages.still_relevant(session, item.kind, user_id, item.params):
            gone.append(item.id)
            continue
        key = (item.kind, json.dumps(item.params, sort_keys=True, default=str), item.link)
        if key not in seen:
            seen.add(key)
            wanted.append(item)
    return wanted, gone


def compose(user: User, items: list[DigestItem]) -> tuple[str, str]:
    """(subject, body) of one digest, in the user's language."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    with force_locale(user.locale or "vi"):
        subject = ngettext(
            "Hanoi Green Industry: %(num)d new notice",
            "Hanoi Green Industry: %(num)d new notices",
            len(items),
        )
        lines = [_("Hello,"), "", _("Here is what happened since our last e-mail:"), ""]
        for item in items:
            text = messages.render(item.kind, item.params).replace("\n", "\n  ")
            lines.append(f"- {text}")
            if item.link:
                lines.append(f"  {base}{item.link}")
        lines += ["", _("Choose which e-mails you get: %(url)s", url=settings_url())]
    return subject, "\n".join(lines)


def settings_url() -> str:
    return public_url("notifications.settings")
