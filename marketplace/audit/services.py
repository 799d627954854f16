"""Recording audit events in the caller's transaction (never committed here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.imports.batches import CLI_ACTOR, json_value


def plain(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Values as JSON can hold them (enums, decimals and dates as text)."""
    return None if values is None else {k: json_value(v) for k, v in values.items()}


def record(
    session: Session,
    actor: User | None,
    entity: str,
    entity_id: object,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else CLI_ACTOR,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=plain(before),
        after=plain(after),
        note=note,
    )
    session.add(event)
    return event


def list_events(session: Session, entity: str, entity_id: object) -> list[AuditEvent]:
    """An object's history, oldest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)
    )
    return list(session.scalars(stmt))
