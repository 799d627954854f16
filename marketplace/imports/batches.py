"""Import batches: record what a committed import changed, list batches, revert one.

Each imported entity (supplier, product, later supply records) registers an
`EntityAdapter` that knows how to read, write and delete its rows set-wise; the
batch logic itself is the same for all of them."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, Table, delete, func, select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.errors import Conflict, NotFound
from marketplace.imports.bulk import bulk_insert, chunks, serialize_writers
from marketplace.imports.models import ImportBatch, ImportBatchRow, ImportBatchRun
from marketplace.imports.report import ImportReport
from marketplace.imports.upsert import EntityPlan

CLI_ACTOR = "command line"
# A refusal names this many rows; the count is always complete.
MAX_NAMED_CONFLICTS = 20


@dataclass
class EntityAdapter:
    entity: str
    table: Table
    order: int  # parents first: reverting deletes created rows in reverse order
    read: Callable[[Session, list[int]], dict[int, dict[str, Any]]]  # id -> column values
    write: Callable[[Session, list[tuple[int, dict[str, Any]]]], None]  # id, values to set
    remove: Callable[[Session, list[int]], None]
    touched: Callable[[Session, list[int]], None]  # e.g. queue for the search index
    from_json: Callable[[str, Any], Any]
    # Why deleting these created rows would lose what the batch did not bring (a
    # supplier's products added later, its verification, its staff; a product's
    # photos): labels for the refusal. Gets the ids the batch created, by entity.
    dependents: Callable[[Session, list[int], dict[str, set[int]]], list[str]] | None = None
    # Created rows kept as runs of ids (ImportBatchRun) instead of a row each: for
    # entities whose stored rows are what was imported; `label` names one by its
    # values as `read` gives them.
    compact: bool = False
    label: Callable[[dict[str, Any]], str] | None = None
    # What such a row held when its batch created it (its values now with later
    # changes undone; also once deleted), for rows that changed since.
    as_imported: Callable[[Session, int], dict[str, Any]] | None = None

    def key_of(self, values: dict[str, Any], pk: int) -> str:
        """How a refusal or a batch page names a row, from what it holds."""
        return self.label(values) if self.label and values else f"#{pk}"

    def read_all(self, session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
        current: dict[int, dict[str, Any]] = {}
        for part in chunks(ids):
            current.update(self.read(session, part))
        return current


ADAPTERS: dict[str, EntityAdapter] = {}


def register(adapter: EntityAdapter) -> None:
    ADAPTERS[adapter.entity] = adapter


def json_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Written:
    """What an import wrote for one entity: its plan and the ids of created rows."""

    plan: EntityPlan
    created_ids: dict[Any, int]


def record_batch(
    session: Session,
    kind: str,
    actor: User | None,
    files: Sequence[tuple[str, bytes]],
    report: ImportReport,
    written: Sequence[Written],
    supplier_id: int | None = None,
) -> ImportBatch:
    """Store the batch and each created or updated row (set-wise), in the import's
    transaction; nothing is committed here. `supplier_id`: the supplier whose own
    catalogue this was (its staff see the batch)."""
    batch = ImportBatch(
        kind=kind,
        supplier_id=supplier_id,
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else CLI_ACTOR,
        files=", ".join(name for name, _data in files),
        sha256=", ".join(digest(data) for _name, data in files),
        counts={e: c.as_dict() for e, c in report.counts.items()},
    )
    session.add(batch)
    session.flush()

    compact = [w for w in written if ADAPTERS[w.plan.entity].compact]
    run_rows = [
        (batch.id, w.plan.entity, first, last)
        for w in compact
        for first, last in runs(w.created_ids.values())
    ]
    if run_rows:
        bulk_insert(
            session,
            ImportBatchRun.__table__,  # type: ignore[arg-type]
            ("batch_id", "entity", "first_id", "last_id"),
            run_rows,
        )

    def rows() -> Iterator[tuple[Any, ...]]:
        for w in written:
            entity = w.plan.entity
            for row in [] if ADAPTERS[entity].compact else w.plan.creates:
                yield (
                    batch.id,
                    entity,
                    w.created_ids[row.key],
                    "created",
                    row.label,
                    None,
                    row.values,
                )
            for u in w.plan.updates:
                before = {c: old for c, (old, _new) in u.changed.items()}
                after = {c: new for c, (_old, new) in u.changed.items()}
                yield (batch.id, entity, u.row_id, "updated", u.incoming.label, before, after)

    bulk_insert(
        session,
        ImportBatchRow.__table__,  # type: ignore[arg-type]
        ("batch_id", "entity", "row_id", "action", "key", "before", "after"),
        rows(),
    )
    report.batch_id = batch.id
    _audit(session, actor, batch, "imported")
    return batch


def runs(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive ids, in order."""
    first = last = None
    for pk in sorted(ids):
        if last is not None and pk == last + 1:
            last = pk
            continue
        if first is not None:
            yield first, cast(int, last)
        first = last = pk
    if first is not None:
        yield first, cast(int, last)


def created_runs(session: Session, batch_id: int) -> dict[str, list[ImportBatchRun]]:
    """The runs of ids a batch created, by entity, in id order."""
    stmt = (
        select(ImportBatchRun)
        .where(ImportBatchRun.batch_id == batch_id)
        .order_by(ImportBatchRun.entity, ImportBatchRun.first_id)
    )
    out: dict[str, list[ImportBatchRun]] = {}
    for run in session.scalars(stmt):
        out.setdefault(run.entity, []).append(run)
    return out


def creating_batch(session: Session, entity: str, row_id: int) -> ImportBatch | None:
    """The batch whose runs hold `row_id`, if a batch created it that way."""
    stmt = (
        select(ImportBatch)
        .join(ImportBatchRun, ImportBatchRun.batch_id == ImportBatch.id)
        .where(
            ImportBatchRun.entity == entity,
            ImportBatchRun.first_id <= row_id,
            ImportBatchRun.last_id >= row_id,
        )
    )
    return session.scalars(stmt).first()


def _audit(session: Session, actor: User | None, batch: ImportBatch, action: str) -> None:
    """One audit event per batch: its rows (each changed row's before and after) are
    in the batch itself, which the event names with the files' digests."""
    from marketplace.audit import services as audit

    audit.record(
        session,
        actor,
        "import_batch",
        batch.id,
        action,
        after={
            "kind": batch.kind,
            "files": batch.files,
            "sha256": batch.sha256,
            "counts": batch.counts,
        },
    )


def select_batches(kind: str | None = None, supplier_id: int | None = None) -> Select[Any]:
    """Newest first; only one supplier's own catalogue imports with `supplier_id`."""
    stmt = select(ImportBatch).order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
    if supplier_id is not None:
        stmt = stmt.where(ImportBatch.supplier_id == supplier_id)
    return stmt.where(ImportBatch.kind == kind) if kind else stmt


def get_batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(_("No import batch %(id)d.", id=batch_id))
    return batch


def select_batch_rows(batch_id: int, action: str | None = None) -> Select[Any]:
    stmt = (
        select(ImportBatchRow)
        .where(ImportBatchRow.batch_id == batch_id)
        .order_by(ImportBatchRow.id)
    )
    return stmt.where(ImportBatchRow.action == action) if action else stmt


def count_batch_rows(session: Session, batch_id: int) -> dict[str, int]:
    stmt = (
        select(ImportBatchRow.action, func.count())
        .where(ImportBatchRow.batch_id == batch_id)
        .group_by(ImportBatchRow.action)
    )
    counts = dict(session.execute(stmt).tuples().all())
    compact = sum(r.size for rs in created_runs(session, batch_id).values() for r in rs)
    if compact:
        counts["created"] = counts.get("created", 0) + compact
    return counts


class RevertRefused(Conflict):
    def __init__(self, conflicts: list[str]) -> None:
        named = "; ".join(conflicts[:MAX_NAMED_CONFLICTS])
        more = len(conflicts) - MAX_NAMED_CONFLICTS
        if more > 0:  # outside the call below: the message extractor skips nested calls
            named += " " + _("and %(n)d more", n=more)
        # Each named row says why: changed or deleted since, or holding what the
        # import did not bring (a product added since, photos, supply records).
        super().__init__(
            ngettext(
                "This import cannot be reverted because of %(num)d row: %(rows)s",
                "This import cannot be reverted because of %(num)d rows: %(rows)s",
                len(conflicts),
                rows=named,
            )
        )
        self.conflicts = conflicts


def revert_batch(session: Session, actor: User | None, batch_id: int) -> ImportBatch:
    """Undo a whole batch: created rows are deleted, updated columns get their old
    values back. Refused (RevertRefused, naming the rows) when any of its rows changed
    since or would take rows it did not create with it; Forbidden unless an official
    (the command line acts as one); Conflict when already reverted."""
    if actor is not None:
        permissions.require_official(actor)
    serialize_writers(session)  # nothing changes between the check and the revert
    batch = get_batch(session, batch_id)
    if batch.reverted_at is not None:
        raise Conflict(_("This import was already reverted."))
    rows = list(session.scalars(select_batch_rows(batch_id)))
    by_entity: dict[str, list[ImportBatchRow]] = {}
    for row in rows:
        by_entity.setdefault(row.entity, []).append(row)
    conflicts: list[str] = []
    created: dict[str, set[int]] = {
        e: {r.row_id for r in rs if r.action == "created"} for e, rs in by_entity.items()
    }
    compact: dict[str, list[int]] = {}
    created_values: dict[str, dict[int, dict[str, Any]]] = {}
    for entity, entity_runs in created_runs(session, batch_id).items():
        ids = [pk for r in entity_runs for pk in range(r.first_id, r.last_id + 1)]
        compact[entity] = ids
        created.setdefault(entity, set()).update(ids)
        by_entity.setdefault(entity, [])
    adapters = sorted((ADAPTERS[e] for e in by_entity), key=lambda a: a.order)
    for adapter in adapters:
        conflicts += _changed_since(session, adapter, by_entity[adapter.entity], batch.created_at)
        if adapter.entity in compact:
            changed, values = _created_changed_since(
                session, adapter, compact[adapter.entity], batch.created_at
            )
            conflicts += changed
            created_values[adapter.entity] = values
        if adapter.dependents and created[adapter.entity]:
            conflicts += adapter.dependents(session, sorted(created[adapter.entity]), created)
    if conflicts:
        raise RevertRefused(conflicts)
    for adapter in adapters:
        restore = [
            (r.row_id, {c: adapter.from_json(c, v) for c, v in (r.before or {}).items()})
            for r in by_entity[adapter.entity]
            if r.action == "updated"
        ]
        adapter.write(session, restore)
        adapter.touched(session, [row_id for row_id, _values in restore])
    for entity, values in created_values.items():
        _keep_reverted(session, batch, ADAPTERS[entity], values)
    for adapter in reversed(adapters):
        gone = sorted(created[adapter.entity])
        adapter.touched(session, gone)
        adapter.remove(session, gone)
    batch.reverted_at = utcnow()
    batch.reverted_by = actor.email if actor else CLI_ACTOR
    _audit(session, actor, batch, "reverted")
    session.commit()
    return batch


def _changed_since(
    session: Session, adapter: EntityAdapter, rows: list[ImportBatchRow], since: datetime
) -> list[str]:
    """Rows whose imported columns no longer hold what the batch wrote; created rows
    also when anything else about them changed afterwards (their `updated_at`), since
    reverting deletes them whole."""
    current = adapter.read_all(session, [r.row_id for r in rows])
    out = []
    for row in rows:
        now = current.get(row.row_id)
        if now is None:
            out.append(_("%(key)s was deleted", key=row.key))
            continue
        moved = [c for c, v in row.after.items() if json_value(now.get(c)) != v]
        stamp = now.get("updated_at")
        if not moved and row.action == "created" and stamp is not None and stamp > since:
            out.append(_("%(key)s (changed since)", key=row.key))
        elif moved:
            out.append(_("%(key)s (%(cols)s)", key=row.key, cols=", ".join(sorted(moved))))
    return out


def _created_changed_since(
    session: Session, adapter: EntityAdapter, ids: list[int], since: datetime
) -> tuple[list[str], dict[int, dict[str, Any]]]:
    """Rows a batch created as a run: deleted since, or changed since (`updated_at`:
    every write of such a row stamps it, and reverting deletes it whole). Also
    returns what they hold."""
    current = adapter.read_all(session, ids)
    out: list[str] = []
    for pk in ids:
        now = current.get(pk)
        if now is None:
            then: dict[str, Any] = {}
            if adapter.as_imported and len(out) < MAX_NAMED_CONFLICTS:
                then = adapter.as_imported(session, pk)  # only rows a refusal names
            out.append(_("%(key)s was deleted", key=adapter.key_of(then, pk)))
        elif (stamp := now.get("updated_at")) is not None and stamp > since:
            out.append(_changed_row(session, adapter, pk, now, len(out) < MAX_NAMED_CONFLICTS))
    return out, current


def _changed_row(
    session: Session, adapter: EntityAdapter, pk: int, now: dict[str, Any], named: bool
) -> str:
    """How a refusal names a created row that changed since: with the imported
    columns that hold something else now, when it names the row at all."""
    key = adapter.key_of(now, pk)
    if named and adapter.as_imported:
        then = imported_columns(adapter.as_imported(session, pk))
        moved = sorted(c for c, v in then.items() if json_value(now.get(c)) != v)
        if moved:
            return _("%(key)s (%(cols)s)", key=key, cols=", ".join(moved))
    return _("%(key)s (changed since)", key=key)


# Columns of a row that no file imports (not shown as what an import brought).
NOT_IMPORTED = ("id", "created_at", "updated_at")


def imported_columns(values: dict[str, Any]) -> dict[str, Any]:
    """A row's imported columns, as a batch keeps them (JSON values)."""
    return {c: json_value(v) for c, v in values.items() if c not in NOT_IMPORTED}


def _keep_reverted(
    session: Session, batch: ImportBatch, adapter: EntityAdapter, current: dict[int, dict[str, Any]]
) -> None:
    """A revert deletes the rows a batch created as runs: before they go, the batch
    keeps each one's values as a recorded row (its page and the rows' history still
    show what the import had brought), and the runs are dropped."""
    bulk_insert(
        session,
        ImportBatchRow.__table__,  # type: ignore[arg-type]
        ("batch_id", "entity", "row_id", "action", "key", "before", "after"),
        (
            (
                batch.id,
                adapter.entity,
                pk,
                "created",
                adapter.key_of(values, pk),
                None,
                imported_columns(values),
            )
            for pk, values in sorted(current.items())
        ),
    )
    session.execute(
        delete(ImportBatchRun).where(
            ImportBatchRun.batch_id == batch.id, ImportBatchRun.entity == adapter.entity
        )
    )
