"""Which e-mails each user wants, per group of kinds (messages.GROUPS). No row means
yes: a new user hears about everything until they choose otherwise. In-app notices
are not switchable: the list is the record of what happened to one's inquiries,
quotes and company, and it costs nothing to ignore."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import InvalidInput
from marketplace.notifications import messages
from marketplace.notifications.models import NotificationPreference


def get_email_choices(session: Session, user_id: int) -> dict[str, bool]:
    """Every group with the user's choice (True when never chosen)."""
    rows = session.execute(
        select(NotificationPreference.group, NotificationPreference.email).where(
            NotificationPreference.user_id == user_id
        )
    )
    stored: dict[str, bool] = dict(rows.tuples().all())
    return {group: bool(stored.get(group, True)) for group in messages.GROUPS}


def set_email_choices(session: Session, user: User, choices: Mapping[str, bool]) -> None:
    """Store the user's choice for each group given; unknown groups are refused."""
    unknown = set(choices) - set(messages.GROUPS)
    if unknown:
        raise InvalidInput(", ".join(sorted(unknown)))
    stored = {
        p.group: p
        for p in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for group, email in choices.items():
        row = stored.get(group)
        if row is None:
            session.add(NotificationPreference(user_id=user.id, group=group, email=bool(email)))
        else:
            row.email = bool(email)
    session.commit()


def switched_off(session: Session, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(user id, group) pairs whose e-mails these users switched off."""
    ids = sorted(set(user_ids))
    if not ids:
        return set()
    rows = session.execute(
        select(NotificationPreference.user_id, NotificationPreference.group).where(
            NotificationPreference.user_id.in_(ids), NotificationPreference.email.is_(False)
        )
    )
    return {(uid, group) for uid, group in rows}


def wanting_email(session: Session, users: Iterable[User], kind: str) -> list[User]:
    """The active users among `users` who want e-mails of `kind` (one query)."""
    active = [u for u in users if u.active]
    group = messages.group_of(kind)
    if group is None or not active:
        return active
    off = switched_off(session, [u.id for u in active])
    return [u for u in active if (u.id, group) not in off]
