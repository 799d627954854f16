"""What a supplier or product held when the import batch that created it wrote it,
for the rows a batch keeps as runs of ids (batches.EntityAdapter.compact): its
values now with every later change undone, newest first. The changes are those
recorded one by one: form edits and deletions (the audit trail, with each spec
row of a product) and later import batches (each updated row's before values; a
reverted batch put them back)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.audit.models import AuditEvent
from marketplace.imports.models import ImportBatch, ImportBatchRow
from marketplace.products.fields import parse_specs

Spec = tuple[int, str, str]  # position, key, value


@dataclass(order=True)
class _Change:
    at: datetime
    seq: int  # the audit event's or batch row's id: the order within one moment
    undo: Callable[[dict[str, Any], list[Spec]], list[Spec]] = field(compare=False)


def as_imported(
    session: Session,
    entity: str,
    pk: int,
    now: dict[str, Any] | None,
    fields: tuple[str, ...],
) -> dict[str, Any]:
    """`now` (the row as read, None once deleted) as the import wrote it: `fields`
    only; a product's `specs` as text."""
    values = {c: now[c] for c in fields if now and c in now and c != "specs"}
    specs = [(i, k, v) for i, (k, v) in enumerate(parse_specs((now or {}).get("specs") or ""))]
    for change in sorted(_changes(session, entity, pk), reverse=True):
        specs = change.undo(values, specs)
    if "specs" in fields:
        values["specs"] = "; ".join(f"{k}: {v}" for _i, k, v in sorted(specs)) or None
    return {c: v for c, v in values.items() if c in fields}


def _changes(session: Session, entity: str, pk: int) -> Iterator[_Change]:
    events = select(AuditEvent).where(
        AuditEvent.entity.in_((entity, f"{entity}_spec")), AuditEvent.entity_id == str(pk)
    )
    for e in session.scalars(events):
        if e.entity == entity:
            if e.action in ("updated", "deleted"):
                yield _Change(e.created_at, e.id, _restore(e.before or {}))
        else:
            yield _Change(e.created_at, e.id, _undo_spec(e.action, e.before, e.after))
    rows = (
        select(ImportBatchRow, ImportBatch)
        .join(ImportBatch, ImportBatch.id == ImportBatchRow.batch_id)
        .where(
            ImportBatchRow.entity == entity,
            ImportBatchRow.row_id == pk,
            ImportBatchRow.action == "updated",
        )
    )
    for row, batch in session.execute(rows).tuples():
        yield _Change(batch.created_at, row.id, _restore(row.before or {}))
        if batch.reverted_at is not None:  # the revert put the before values back
            yield _Change(batch.reverted_at, row.id, _restore(row.after))


def _restore(before: dict[str, Any]) -> Callable[[dict[str, Any], list[Spec]], list[Spec]]:
    def undo(values: dict[str, Any], specs: list[Spec]) -> list[Spec]:
        values.update({c: v for c, v in before.items() if c != "specs"})
        if "specs" in before:
            return [(i, k, v) for i, (k, v) in enumerate(parse_specs(before["specs"] or ""))]
        return specs

    return undo


def _undo_spec(
    action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> Callable[[dict[str, Any], list[Spec]], list[Spec]]:
    """Undo one spec row's creation, deletion or change (the product form replaces
    a product's specs as new rows; a product's deletion deletes them). A change
    holds only the fields it changed: the row is the one that has them now."""
    names = ("position", "key", "value")

    def as_dict(s: Spec) -> dict[str, Any]:
        return dict(zip(names, s, strict=True))

    def as_spec(v: dict[str, Any]) -> Spec:
        return (int(v.get("position") or 0), str(v.get("key")), str(v.get("value")))

    def undo(_values: dict[str, Any], specs: list[Spec]) -> list[Spec]:
        out = list(specs)
        if action == "deleted" and before is not None:
            return [*out, as_spec(before)]
        wanted = {c: v for c, v in (after or {}).items() if c in names}
        for i, s in enumerate(out):
            now = as_dict(s)
            if all(now[c] == v for c, v in wanted.items()):
                if action == "created":
                    del out[i]
                elif action == "updated":
                    out[i] = as_spec(
                        {**now, **{c: v for c, v in (before or {}).items() if c in names}}
                    )
                break
        return out

    return undo
