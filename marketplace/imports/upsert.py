"""Set-wise upserts by key: compare incoming rows with the stored ones, then insert,
update (only the changed columns of the changed rows) and record each change in
the import batch — with Core statements in chunks, never one ORM object per row.

A column absent from the file is not among a row's values and so is never
touched; a present empty cell is None and clears the stored value."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from marketplace.imports.bulk import bulk_insert, chunks, member_of
from marketplace.imports.report import Change, ImportReport

__all__ = ["chunks"]


@dataclass
class Incoming:
    line: int
    key: Any  # hashable: a tax code, or (tax code, lower-case SKU)
    label: str  # the key as people read it, e.g. "0101234567 / A1"
    values: dict[str, Any]  # only the columns present in the file


@dataclass
class Update:
    row_id: int
    incoming: Incoming
    changed: dict[str, tuple[Any, Any]]


@dataclass
class EntityPlan:
    entity: str
    table: Table
    creates: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0


def plan_entity(
    entity: str,
    table: Table,
    incoming: Iterable[Incoming],
    existing: dict[Hashable, dict[str, Any]],
    report: ImportReport,
    keep: tuple[str, ...] = (),
) -> EntityPlan:
    """Sort incoming rows into creates, updates (with the changed columns) and
    unchanged; `existing` maps a key to the stored row (with `id`) for that key.
    Columns in `keep` are written on creation only (a key matched without regard to
    case keeps its stored spelling)."""
    plan = EntityPlan(entity, table)
    counts = report.count(entity)
    for row in incoming:
        stored = existing.get(row.key)
        if stored is None:
            plan.creates.append(row)
            counts.created += 1
            report.changes.append(Change(entity, "created", row.label, row.line, values=row.values))
            continue
        changed = {
            c: (stored[c], v) for c, v in row.values.items() if stored[c] != v and c not in keep
        }
        if changed:
            plan.updates.append(Update(stored["id"], row, changed))
            counts.updated += 1
            report.changes.append(Change(entity, "updated", row.label, row.line, changed=changed))
        else:
            plan.unchanged += 1
            counts.unchanged += 1
    return plan


def load_existing(
    session: Session,
    table: Table,
    columns: Sequence[str],
    match_column: str,
    match_values: Iterable[Any],
    key_of: Callable[[dict[str, Any]], Hashable],
) -> dict[Hashable, dict[str, Any]]:
    """Stored rows whose `match_column` is among `match_values` (chunked), by key."""
    names = ["id", *(c for c in columns if c != "id")]
    cols = [table.c[c] for c in names]
    found: dict[Hashable, dict[str, Any]] = {}
    for cond in member_of(session, table.c[match_column], set(match_values)):
        stmt = select(*cols).where(cond)
        for row in session.execute(stmt).all():
            data = dict(zip(names, row, strict=True))
            found[key_of(data)] = data
    return found


def insert_rows(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], columns: Sequence[str]
) -> None:
    """Insert rows that all carry `columns` (a missing value is None)."""
    bulk_insert(session, table, columns, ([r.get(c) for c in columns] for r in rows))


def update_rows(
    session: Session, table: Table, rows: Sequence[tuple[int, dict[str, Any]]], now: datetime
) -> None:
    """Set columns of rows by id: one executemany per set of columns; `updated_at`
    is set when the table has it."""
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for row_id, values in rows:
        if values:
            groups[tuple(sorted(values))].append((row_id, values))
    stamped = "updated_at" in table.c
    for cols, members in groups.items():
        params_of: dict[str, Any] = {c: bindparam(f"v_{c}") for c in cols}
        if stamped:
            params_of["updated_at"] = bindparam("v_updated_at")
        stmt = update(table).where(table.c.id == bindparam("b_id")).values(params_of)
        for part in chunks(members):
            params = []
            for row_id, values in part:
                p = {f"v_{c}": values[c] for c in cols}
                p["b_id"] = row_id
                if stamped:
                    p["v_updated_at"] = now
                params.append(p)
            session.execute(stmt, params)


def delete_rows(session: Session, table: Table, ids: Iterable[int]) -> None:
    for cond in member_of(session, table.c.id, ids):
        session.execute(delete(table).where(cond))
