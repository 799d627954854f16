"""Saved searches: a signed-in user keeps a query with its filters under a name,
opens it again, renames or deletes it, and may be told of new matching products
(alerts.py)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.buyers.models import SavedSearch
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.searches.params import search_params

MAX_PER_USER = 50
NAME_MAX = 120


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Give the search a name."), {"name": _("Give the search a name.")})
    if len(name) > NAME_MAX:
        message = _("A name may be at most %(n)d characters.", n=NAME_MAX)
        raise InvalidInput(message, {"name": message})
    return name


def save_search(
    session: Session, user: User, name: str, args: Mapping[str, str], notify: bool = True
) -> SavedSearch:
    """Keep the search of these page parameters (query text, filters, sort) under
    `name`. Conflict beyond MAX_PER_USER searches."""
    name = _name(name)
    count = session.scalar(select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if (count or 0) >= MAX_PER_USER:
        raise Conflict(
            _(
                "You can keep up to %(n)d saved searches. Delete one you no longer need.",
                n=MAX_PER_USER,
            )
        )
    saved = SavedSearch(user_id=user.id, name=name, params=search_params(args), notify=notify)
    session.add(saved)
    session.commit()
    return saved


def get_own_search(session: Session, user: User, search_id: int) -> SavedSearch:
    """One of the user's saved searches; NotFound for anyone else's (not revealed)."""
    saved = session.get(SavedSearch, search_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound(_("This saved search does not exist."))
    return saved


def rename_search(session: Session, user: User, search_id: int, name: str) -> SavedSearch:
    saved = get_own_search(session, user, search_id)
    saved.name = _name(name)
    session.commit()
    return saved


def set_alerts(session: Session, user: User, search_id: int, on: bool) -> SavedSearch:
    """Switch the new-product notices of a saved search on or off."""
    saved = get_own_search(session, user, search_id)
    saved.notify = on
    session.commit()
    return saved


def delete_search(session: Session, user: User, search_id: int) -> str:
    """Delete one of the user's saved searches; returns its name (for the message)."""
    saved = get_own_search(session, user, search_id)
    name = saved.name
    session.delete(saved)
    session.commit()
    return name
