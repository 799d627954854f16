"""Who did something, as pages name them.

Records keep the actor's e-mail (unique, and still saying who it was after the
person changes their name or leaves); pages put the person's name first, with the
e-mail under it, so a reader knows the colleague without decoding addresses.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.db import get_session
from marketplace.imports.batches import CLI_ACTOR


def _names(labels: set[str]) -> dict[str, str]:
    """Full names by e-mail, read once a request for the labels not read yet."""
    known: dict[str, str] = request.environ.setdefault("marketplace.people_names", {})
    if missing := labels - known.keys():
        rows = get_session().execute(
            select(User.email, User.full_name).where(User.email.in_(missing))
        )
        known.update(dict(rows.tuples().all()))
        known.update(dict.fromkeys(missing - known.keys(), ""))
    return known


def actor_label(label: str | None) -> Markup:
    """The person behind `label` (an e-mail, or the command line): their name and,
    smaller, the e-mail; the e-mail alone for someone with no name or no account."""
    if not label:
        return Markup("—")
    if label == CLI_ACTOR:
        return escape(_("command line"))
    name = _names({label}).get(label, "")
    if not name:
        return escape(label)
    return Markup('{}<br><span class="small text-body-secondary">{}</span>').format(name, label)
