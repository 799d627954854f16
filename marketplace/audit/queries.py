"""Reads of the audit trail for its pages and export: filters, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from marketplace.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    entity: str | None = None
    action: str | None = None
    actor: str | None = None  # part of the e-mail or label
    entity_id: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    supplier_id: int | None = None


def select_events(f: AuditFilters) -> Select[tuple[AuditEvent]]:
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    if f.entity:
        stmt = stmt.where(AuditEvent.entity == f.entity)
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.actor:
        # autoescape: a typed % or _ is that character, not a wildcard.
        stmt = stmt.where(
            func.lower(AuditEvent.actor_label).contains(f.actor.lower(), autoescape=True)
        )
    if f.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == f.entity_id)
    if f.since:
        stmt = stmt.where(AuditEvent.created_at >= datetime.combine(f.since, time.min))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time.min)
        stmt = stmt.where(AuditEvent.created_at < end)
    if f.supplier_id is not None:
        stmt = stmt.where(AuditEvent.supplier_id == f.supplier_id)
    return stmt


def list_entities(session: Session) -> list[str]:
    return list(session.scalars(select(distinct(AuditEvent.entity)).order_by(AuditEvent.entity)))


def list_actions(session: Session) -> list[str]:
    return list(session.scalars(select(distinct(AuditEvent.action)).order_by(AuditEvent.action)))


def get_event(session: Session, event_id: int) -> AuditEvent | None:
    return session.get(AuditEvent, event_id)


def iter_events(session: Session, f: AuditFilters) -> Iterator[AuditEvent]:
    """Every matching event, newest first, read in keyset pages (bounded memory)."""
    stmt = select_events(f)
    last: int | None = None
    while True:
        page_stmt = stmt if last is None else stmt.where(AuditEvent.id < last)
        page: list[Any] = list(session.scalars(page_stmt.limit(2000)))
        if not page:
            return
        yield from page
        last = page[-1].id
