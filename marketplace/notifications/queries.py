"""Reads for the bell and the list of notices."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from marketplace.notifications.models import Notification


def count_unread(session: Session, user_id: int) -> int:
    stmt = select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return session.scalar(stmt) or 0


def select_for_user(user_id: int) -> Select[Any]:
    """A user's notices, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
