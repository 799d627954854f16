"""The indexer: applies the outbox to the search backend, one indexer at a time.

Rows are taken interactive first, then in id order, in batches: each batch reads
the rows' current state, sends the documents (or deletions) to the backend, then
deletes exactly the outbox rows it read. A crash between the two only means those
documents are sent again (at least once). A batch never mixes priorities, and the
backend's write lock is taken per batch, so a web save waits for at most the batch
in progress, not for a whole import.

Who drains is the `INDEXER` setting: `inline` (development, tests) drains
interactive rows in the committing process right after the commit; `worker`
(production) hands the work to the task queue's worker. Bulk rows (imports) are
drained by `after_bulk_commit`, `flask search drain`, and the worker (at start-up
and every minute)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import Engine, bindparam, delete, func, select
from sqlalchemy.orm import Session

from marketplace.config import ConfigError
from marketplace.indexing.lock import exclusive
from marketplace.indexing.models import INTERACTIVE, IndexOutbox
from marketplace.indexing.outbox import chunks
from marketplace.searches import document_rows, documents
from search.base import SearchBackend

log = logging.getLogger(__name__)
# Rows a batch: big enough for the backend's bulk rate (one writer commit a batch);
# bulk batches shrink to about BATCH_SECONDS each, the most a web save waits behind
# the batch in progress.
BATCH = 2000
MIN_BATCH = 200
BATCH_SECONDS = 0.75
MODES = ("inline", "worker")
# A bulk backlog this large, and at least half the size of the index, is caught up by a
# full rebuild: one multi-process writer (about 3,000 documents/s on Whoosh) instead of
# incremental batches, whose segment look-ups and merges slow down as the index grows
# (about 280 documents/s for a first import of 100,000 products). Web saves committed
# meanwhile stay queued and are applied right after the rebuild.
REBUILD_MIN_ROWS = 20_000


Progress = Callable[[int], object]


def drain(
    app: Flask,
    batch: int = BATCH,
    max_batches: int | None = None,
    progress: Progress | None = None,
    *,
    max_priority: int | None = None,
    blocking: bool = True,
) -> int:
    """Apply the outbox of `app`'s database to its index; the number of documents
    sent. Waits for another indexer to finish unless `blocking=False` (then returns
    0 at once: that indexer takes the rows). `max_priority=INTERACTIVE` leaves bulk
    rows queued. `progress(n)` gets the outbox rows done after each batch (`pending`
    counts them beforehand). Raises what the backend raises; unapplied rows stay
    queued."""
    from marketplace.search_sync import get_backend

    engine = app.extensions["db_engine"]
    if max_priority is None and max_batches is None and _backlog_worth_a_rebuild(app, engine):
        from marketplace.indexing import rebuild

        try:
            return rebuild.rebuild(engine, get_backend(app), progress, wait=False) or 0
        except rebuild.RebuildRunning:
            # That rebuild covers the backlog; what it leaves is drained below, once
            # it lets go of the indexer lock.
            log.info("a search index rebuild is running: the backlog waits for it")
    return apply(
        engine,
        get_backend(app),
        batch,
        max_batches,
        progress,
        max_priority=max_priority,
        blocking=blocking,
    )


def _backlog_worth_a_rebuild(app: Flask, engine: Engine) -> bool:
    queued = pending(engine)
    if queued < int(app.config.get("INDEX_REBUILD_MIN_ROWS", REBUILD_MIN_ROWS)):
        return False
    with Session(engine) as session:
        return queued * 2 >= documents.count_searchable(session)


def apply(
    engine: Engine,
    backend: SearchBackend,
    batch: int = BATCH,
    max_batches: int | None = None,
    progress: Progress | None = None,
    *,
    max_priority: int | None = None,
    blocking: bool = True,
) -> int:
    """`drain` for an engine and a backend (no app needed)."""
    sent = 0
    while True:
        with exclusive(engine, blocking=blocking) as held:
            if not held:
                return sent
            n, batches = apply_locked(engine, backend, batch, max_batches, progress, max_priority)
            sent += n
        if max_batches is not None and batches >= max_batches:
            return sent
        # A commit that found us busy relied on us: look once more after letting go.
        if not pending(engine, max_priority):
            return sent
        if max_batches is not None:
            max_batches -= batches


def apply_locked(
    engine: Engine,
    backend: SearchBackend,
    batch: int = BATCH,
    max_batches: int | None = None,
    progress: Progress | None = None,
    max_priority: int | None = None,
) -> tuple[int, int]:
    """Drain while holding `exclusive(engine)`: (documents sent, batches). Bulk
    batches shrink (down to MIN_BATCH rows) when one takes longer than
    BATCH_SECONDS, so a web save waits about that long on a slow or busy machine."""
    sent = batches = 0
    size = batch
    while max_batches is None or batches < max_batches:
        started = time.monotonic()
        with Session(engine) as session:
            stmt = select(IndexOutbox.id, IndexOutbox.kind, IndexOutbox.pk, IndexOutbox.priority)
            if max_priority is not None:
                stmt = stmt.where(IndexOutbox.priority <= max_priority)
            rows = session.execute(
                stmt.order_by(IndexOutbox.priority, IndexOutbox.id).limit(size)
            ).all()
            if not rows:
                break
            # One priority a batch: a web save never waits behind bulk rows it read.
            rows = [r for r in rows if r.priority == rows[0].priority]
            keep, drop = documents_of(
                session,
                {r.pk for r in rows if r.kind == "product"},
                {r.pk for r in rows if r.kind == "supplier"},
            )
        backend.index(keep)
        backend.delete(drop)
        forget(engine, [r.id for r in rows])
        sent += len(keep) + len(drop)
        batches += 1
        if progress:
            progress(len(rows))
        if rows[0].priority != INTERACTIVE:
            size = _next_size(size, len(rows), time.monotonic() - started, batch)
    return sent, batches


def _next_size(size: int, rows: int, seconds: float, largest: int) -> int:
    if rows < size:  # the queue ran short: no measure of speed
        return size
    fit = int(rows * BATCH_SECONDS / max(seconds, 1e-3))
    # At most halve or double at a time: one slow batch (a segment merge) is no measure.
    return max(min(MIN_BATCH, largest), size // 2, min(largest, 2 * size, fit))


def documents_of(
    session: Session, product_ids: set[int], supplier_ids: set[int]
) -> tuple[list[documents.Document], list[str]]:
    """(documents to write, document ids to delete): a row absent or not
    searchable leaves the index."""
    keep, gone = document_rows.product_documents(session, product_ids)
    drop = [documents.product_id(pk) for pk in gone]
    for part in chunks(supplier_ids):
        docs = documents.supplier_documents(session, part)
        keep += docs
        listed = {d.id for d in docs}
        drop += [sid for pk in part if (sid := documents.supplier_id(pk)) not in listed]
    return keep, drop


def forget(engine: Engine, ids: list[int]) -> None:
    """Delete exactly these outbox rows (rows queued meanwhile stay, whatever their
    id: on PostgreSQL ids are not allocated in commit order)."""
    if not ids:
        return
    stmt = delete(IndexOutbox).where(IndexOutbox.id.in_(bindparam("ids")))
    with engine.begin() as conn:
        for part in chunks(ids):
            conn.execute(stmt, {"ids": part})


def pending(engine: Engine, max_priority: int | None = None) -> int:
    """Queued rows (of priority <= max_priority)."""
    stmt = select(func.count()).select_from(IndexOutbox)
    if max_priority is not None:
        stmt = stmt.where(IndexOutbox.priority <= max_priority)
    with engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)


def pending_ids(engine: Engine) -> list[int]:
    """The ids of the rows queued now (committed): a rebuild that reads the database
    afterwards includes their changes."""
    with engine.connect() as conn:
        return list(conn.scalars(select(IndexOutbox.id).order_by(IndexOutbox.id)))


@dataclass
class QueueStatus:
    priority: int
    rows: int
    oldest: datetime | None


def status(engine: Engine) -> list[QueueStatus]:
    """Queued rows by priority (interactive first) and when the oldest was queued."""
    stmt = (
        select(IndexOutbox.priority, func.count(), func.min(IndexOutbox.created_at))
        .group_by(IndexOutbox.priority)
        .order_by(IndexOutbox.priority)
    )
    with engine.connect() as conn:
        return [QueueStatus(p, n, oldest) for p, n, oldest in conn.execute(stmt)]


# -- who drains -------------------------------------------------------------------


def mode(app: Flask) -> str:
    value = str(app.config.get("INDEXER", "inline"))
    if value not in MODES:
        raise ConfigError(f"INDEXER={value!r} is not known; use one of: {', '.join(MODES)}")
    return value


def after_commit(app: Flask, priority: int) -> None:
    """Called after a commit that queued rows: apply them now (inline, interactive
    rows only) or wake the worker. Never raises: the rows stay queued and the
    failure is logged (a committed write is never turned into an error)."""
    try:
        if mode(app) == "worker":
            _wake_worker()
        elif priority == INTERACTIVE:
            drain(app, max_priority=INTERACTIVE, blocking=False)
    except Exception:
        log.exception("search index update failed; the change stays queued")


def after_bulk_commit(app: Flask, progress: Progress | None = None) -> int:
    """After an import's commit: inline, drain everything now (documents sent,
    `progress(n)` after each batch); worker, wake the worker and return 0."""
    if mode(app) == "worker":
        _wake_worker()
        return 0
    return drain(app, progress=progress)


def _wake_worker() -> None:
    from marketplace.indexing import tasks

    tasks.index_outbox()
