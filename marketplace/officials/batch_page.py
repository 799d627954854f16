"""What a batch's page shows (its rows, filtered by action and paginated, and its
counts): one reading for the officials' page and a supplier's catalogue page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from marketplace.imports import batches
from marketplace.imports.models import ImportBatch, ImportBatchRun
from marketplace.pagination import MAX_PAGE, Page, count_rows

ROWS_PER_PAGE = 50
ACTIONS = ("created", "updated")


@dataclass
class ShownRow:
    """A row the batch created as part of a run: what it holds now (the batch page
    shows it like a recorded row; a revert refuses if it changed since)."""

    entity: str
    key: str
    action: str
    before: None
    after: dict[str, Any]
    since: str | None = None  # "changed" or "deleted" since the import


def batch_context(session: Session, record: ImportBatch, args: Mapping[str, Any]) -> dict[str, Any]:
    # Any other value (a hand-edited address) shows every row, as the page's own
    # "All" link does.
    action = args.get("action") if args.get("action") in ACTIONS else None
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return {
        "batch": record,
        "rows": _rows(session, record, action, min(max(1, page), MAX_PAGE)),
        "action": action,
        "counts": batches.count_batch_rows(session, record.id),
    }


def _rows(session: Session, batch: ImportBatch, action: str | None, page: int) -> Page[Any]:
    """The created runs' rows first (in id order), then the recorded rows."""
    batch_id = batch.id
    runs = batches.created_runs(session, batch_id) if action in (None, "created") else {}
    in_runs = sum(r.size for rs in runs.values() for r in rs)
    stmt = batches.select_batch_rows(batch_id, action)
    total = in_runs + count_rows(session, stmt)
    start = (page - 1) * ROWS_PER_PAGE
    items: list[Any] = _read(session, batch, _slice(runs, start, ROWS_PER_PAGE))
    if start + ROWS_PER_PAGE > in_runs:
        offset = max(0, start - in_runs)
        taken = max(0, min(in_runs - start, ROWS_PER_PAGE))
        items += session.scalars(stmt.limit(ROWS_PER_PAGE - taken).offset(offset))
    return Page(items=items, page=page, per_page=ROWS_PER_PAGE, total=total)


def _slice(runs: dict[str, list[ImportBatchRun]], start: int, count: int) -> list[tuple[str, int]]:
    """(entity, id) of the runs' rows `start` to `start + count`."""
    out: list[tuple[str, int]] = []
    for entity, entity_runs in runs.items():
        for r in entity_runs:
            if start >= r.size:
                start -= r.size
                continue
            first = r.first_id + start
            last = min(r.last_id, first + count - len(out) - 1)
            out += [(entity, pk) for pk in range(first, last + 1)]
            start = 0
            if len(out) == count:
                return out
    return out


def _read(session: Session, batch: ImportBatch, shown: list[tuple[str, int]]) -> list[ShownRow]:
    """What each row the batch created holds: as now, or, when it changed or was
    deleted since, as the import wrote it (the row's own history tells)."""
    by_entity: dict[str, list[int]] = {}
    for entity, pk in shown:
        by_entity.setdefault(entity, []).append(pk)
    values = {
        (entity, pk): v
        for entity, pks in by_entity.items()
        for pk, v in batches.ADAPTERS[entity].read(session, pks).items()
    }
    out = []
    for entity, pk in shown:
        adapter = batches.ADAPTERS[entity]
        now = values.get((entity, pk))
        since = None
        if now is None:
            since = "deleted"
        elif (stamp := now.get("updated_at")) is not None and stamp > batch.created_at:
            since = "changed"
        if since and adapter.as_imported:
            now = adapter.as_imported(session, pk)
        now = now or {}
        after = batches.imported_columns(now)
        out.append(ShownRow(entity, adapter.key_of(now, pk), "created", None, after, since))
    return out
