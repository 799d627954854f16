"""How each kind of notice reads, and how it is mailed. A feature registers its kinds
at start-up (`register` in its init_app); the words are produced when the notice is
shown or mailed, inside the reader's locale.

A kind may belong to a group the user can switch e-mails off for (the settings
page lists the groups), and may be a digest kind: mailed in at most one e-mail per
user per hour (digests.py) instead of one e-mail each."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

Render = Callable[[Mapping[str, Any]], str]
# Whether a pending digest item still deserves mailing: (session, user id, params).
StillRelevant = Callable[[Session, int, Mapping[str, Any]], bool]

# The groups of kinds a user may choose e-mails for, in the order the settings page
# shows them. A kind without a group (account matters) is always mailed.
GROUPS: dict[str, Any] = {
    "inquiries": _l("Messages and inquiries"),
    "rfqs": _l("Requests for quotation and quotes"),
    "verification": _l("Verification of your company"),
    "saved_searches": _l("New products for your saved searches"),
}


@dataclass(frozen=True)
class Kind:
    render: Render
    group: str | None = None
    digest: bool = False
    still_relevant: StillRelevant | None = None


_KINDS: dict[str, Kind] = {}


def register(
    kind: str,
    render: Render,
    *,
    group: str | None = None,
    digest: bool = False,
    still_relevant: StillRelevant | None = None,
) -> None:
    """Say how `kind` reads; `group` (a key of GROUPS) lets users switch its e-mails
    off; `digest` batches its e-mails (at most one per user per hour).
    `still_relevant(session, user_id, params)` is asked when a digest is sent: an item
    queued up to an hour ago may tell of something undone since (an invitation
    withdrawn, a request closed), and its link would lead nowhere."""
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown notification group {group!r}")
    _KINDS[kind] = Kind(render, group, digest, still_relevant)


def still_relevant(session: Session, kind: str, user_id: int, params: Mapping[str, Any]) -> bool:
    """Whether a pending digest item is still worth mailing (yes without a check, or
    for a kind no longer registered: the digest then shows its name, as the bell does)."""
    spec = _KINDS.get(kind)
    if spec is None or spec.still_relevant is None:
        return True
    try:
        return bool(spec.still_relevant(session, user_id, params))
    except KeyError:  # parameters of an older version of the kind: nothing to check
        return False


def group_of(kind: str) -> str | None:
    spec = _KINDS.get(kind)
    return spec.group if spec else None


def is_digest(kind: str) -> bool:
    spec = _KINDS.get(kind)
    return bool(spec and spec.digest)


def render(kind: str, params: Mapping[str, Any]) -> str:
    """The notice's text in the current locale; an unknown kind (a feature removed
    since) shows its name rather than failing the page."""
    spec = _KINDS.get(kind)
    if spec is None:
        return kind
    try:
        return spec.render(params)
    except KeyError:  # parameters of an older version of the kind
        return kind
