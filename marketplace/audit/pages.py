"""Ready values for the audit pages: each event as a row with its changes listed
field by field, and who acted as the reader may see it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.audit.labels import action_label, entity_label
from marketplace.audit.models import AuditEvent


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EventRow:
    id: int
    at: datetime
    who: str
    entity: str
    entity_code: str
    entity_id: str
    action: str
    changes: list[Change]
    note: str | None
    hash: str | None


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes(event: AuditEvent) -> list[Change]:
    before = event.before or {}
    after = event.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(k, _text(before.get(k)), _text(after.get(k))) for k in keys]


def rows(
    session: Session, events: Iterable[AuditEvent], for_official: bool = True
) -> list[EventRow]:
    """Officials see who acted by e-mail; a supplier's staff see their colleagues by
    e-mail and the Department's officials as the Department."""
    events = list(events)
    officials: set[int] = set()
    if not for_official:
        ids = {e.actor_id for e in events if e.actor_id is not None}
        if ids:
            officials = set(
                session.scalars(
                    select(User.id).where(
                        User.id.in_(ids), User.role.in_([Role.OFFICIAL, Role.ADMIN])
                    )
                )
            )
    return [
        EventRow(
            id=e.id,
            at=e.created_at,
            who=(
                _("Department of Industry and Trade") if e.actor_id in officials else e.actor_label
            ),
            entity=entity_label(e.entity),
            entity_code=e.entity,
            entity_id=e.entity_id,
            action=action_label(e.action, e.entity),
            changes=changes(e),
            note=e.note,
            hash=e.hash,
        )
        for e in events
    ]


CSV_COLUMNS = (
    "id",
    "created_at",
    "actor",
    "entity",
    "entity_id",
    "supplier_id",
    "action",
    "before",
    "after",
    "note",
    "seq",
    "prev_hash",
    "hash",
)


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[list[object]]:
    for e in events:
        yield [
            e.id,
            e.created_at.isoformat(timespec="seconds"),
            e.actor_label,
            e.entity,
            e.entity_id,
            e.supplier_id,
            e.action,
            json.dumps(e.before, ensure_ascii=False, sort_keys=True) if e.before else "",
            json.dumps(e.after, ensure_ascii=False, sort_keys=True) if e.after else "",
            e.note,
            e.seq,
            e.prev_hash,
            e.hash,
        ]
