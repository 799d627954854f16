"""Recording audit events in the caller's transaction (never committed here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import has_request_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.db import utcnow
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
    supplier_id: int | None = None,
) -> AuditEvent:
    """Add one event (a domain action such as an approval, with its reason) to the
    caller's transaction. Events about a supplier (`supplier` and `verification`
    entities are keyed by its id) appear in its own history."""
    if supplier_id is None and entity in ("supplier", "verification"):
        supplier_id = int(str(entity_id))
    if supplier_id is None:  # an object of a supplier (a document) names it in its values
        named = (after or {}).get("supplier_id", (before or {}).get("supplier_id"))
        supplier_id = named if isinstance(named, int) else None
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor_label(actor, has_request_context()),
        supplier_id=supplier_id,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=plain(before),
        after=plain(after),
        note=note,
    )
    session.add(event)
    return event


VISITOR = "visitor"


def actor_label(actor: User | None, in_request: bool) -> str:
    """Who, as the trail names them: the user's e-mail; a visitor who is not logged
    in (a sign-up); or the command line."""
    if actor is not None:
        return actor.email
    return VISITOR if in_request else CLI_ACTOR


def act_as(session: Session, actor: User | None) -> None:
    """Name who makes the session's changes: the automatic audit of changed rows
    (suppliers, products, users, ...) records them under this user. Web requests
    fall back to the logged-in user; the CLI's `--as EMAIL` and jobs call this."""
    session.info["audit_actor"] = actor


def current_actor(session: Session) -> User | None:
    """The user named by act_as, else the logged-in user of the request, else None
    (the command line)."""
    actor = session.info.get("audit_actor")
    if actor is not None:
        return actor  # type: ignore[no-any-return]
    from flask_login import current_user

    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[no-any-return]
    return None


def record_many(
    session: Session,
    actor: User | None,
    entity: str,
    action: str,
    items: Iterable[tuple[object, Mapping[str, Any] | None, Mapping[str, Any] | None, int | None]],
    note: str | None = None,
) -> int:
    """Set-wise `record` for bulk paths (imports): items are (entity id, before,
    after, supplier id). Inserted and chained in the caller's transaction."""
    from marketplace.audit import chain
    from marketplace.imports.bulk import bulk_insert

    label = actor_label(actor, has_request_context())
    now = utcnow()
    count = bulk_insert(
        session,
        AuditEvent.__table__,  # type: ignore[arg-type]
        (
            "created_at",
            "actor_id",
            "actor_label",
            "entity",
            "entity_id",
            "action",
            "before",
            "after",
            "note",
            "supplier_id",
        ),
        (
            (
                now,
                actor.id if actor else None,
                label,
                entity,
                str(entity_id),
                action,
                plain(before),
                plain(after),
                note,
                supplier_id,
            )
            for entity_id, before, after, supplier_id in items
        ),
    )
    conn = session.connection()
    chain.lock(conn)
    chain.chain_new(conn)
    return count


def list_events(session: Session, entity: str, entity_id: object) -> list[AuditEvent]:
    """An object's history, oldest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)
    )
    return list(session.scalars(stmt))
