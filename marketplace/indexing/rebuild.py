"""Full rebuilds (`flask search reindex`, the catch-up of a large import's backlog)
with a lane kept open for web saves.

A rebuild holds the indexer lock from start to end (one indexer at a time), and
takes a minute at 100,000 products. A web save committed meanwhile cannot be drained
by its own process (the lock is busy), so the rebuild drains it: every fraction of
a second while the backend builds (its `idle` hook) it writes the interactive rows
queued since the rebuild began to the live index, which stays writable. The new
index may have read those rows before the save, so they are written once more after
it is in, and only then leave the outbox: a crash at any point leaves them queued.

Nothing is lost: rows queued before the rebuild read the database are covered by
it; rows queued later are drained after it (bulk ones only then).

Only one process rebuilds (the REBUILD lock, held from start to end): another
rebuild asked for meanwhile (a second `flask search reindex`, the worker's
catch-up, a web process finding the index unreadable) waits for it or is told one
is running, and never repeats it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from marketplace.indexing import indexer
from marketplace.indexing.lock import REBUILD, exclusive
from marketplace.indexing.models import INTERACTIVE, IndexOutbox
from marketplace.searches import document_rows, documents
from search.base import Document, SearchBackend

log = logging.getLogger(__name__)
PAGE = 500  # products read a statement
Progress = Callable[[int], object]


class RebuildRunning(RuntimeError):
    """Another process is rebuilding the index."""


def rebuild(
    engine: Engine,
    backend: SearchBackend,
    progress: Progress | None = None,
    *,
    wait: bool = True,
    on_wait: Callable[[], object] | None = None,
) -> int | None:
    """Rebuild the whole index from the database; the number of documents written.
    `progress(n)` gets the documents read after each batch. When another process is
    rebuilding: raises RebuildRunning (`wait=False`), or calls `on_wait()`, waits
    for that rebuild to end and returns None (it read everything committed before
    it began; what came later is queued and drained here)."""
    with exclusive(engine, blocking=False, name=REBUILD) as mine:
        if mine:
            return _rebuild(engine, backend, progress)
    if not wait:
        raise RebuildRunning("another process is rebuilding the search index")
    if on_wait is not None:
        on_wait()
    with exclusive(engine, name=REBUILD):
        pass
    indexer.apply(engine, backend, blocking=False)
    return None


def _rebuild(engine: Engine, backend: SearchBackend, progress: Progress | None) -> int:
    with exclusive(engine):
        covered = set(indexer.pending_ids(engine))
        lane = _Lane(engine, backend, covered)
        with Session(engine) as session:
            stream = _Stream(session, progress)
            backend.rebuild(stream, idle=lane.drain)
        indexer.forget(engine, sorted(covered))
        lane.write_again()
        indexer.apply_locked(engine, backend)
    indexer.apply(engine, backend, blocking=False)  # rows whose commit found us busy
    return stream.sent


class _Stream:
    """The documents of a rebuild, read set-wise a batch at a time. Sized (with the
    count taken beforehand) so a backend can pick its bulk path up front."""

    def __init__(self, session: Session, progress: Progress | None) -> None:
        self.session = session
        self.progress = progress
        self.expected = documents.count_searchable(session)
        self.sent = 0

    def __len__(self) -> int:
        return self.expected

    def __iter__(self) -> Iterator[Document]:
        for batch in self._batches():
            yield from batch
            self.sent += len(batch)
            if self.progress:
                self.progress(len(batch))

    def _batches(self) -> Iterator[list[Document]]:
        # Small pages: the lane only runs between documents, so a page's read is
        # the longest a web save can wait for it (tenths of a second on a busy host).
        yield from document_rows.iter_searchable(self.session, PAGE)
        yield documents.supplier_documents(self.session)


class _Lane:
    """Interactive rows queued during a rebuild, written to the live index as they
    come, and again to the new one (`write_again`) before they leave the outbox."""

    def __init__(self, engine: Engine, backend: SearchBackend, covered: set[int]) -> None:
        self.engine = engine
        self.backend = backend
        self.covered = covered
        self.seen: set[int] = set()
        self.products: set[int] = set()
        self.suppliers: set[int] = set()

    def drain(self) -> None:
        stmt = (
            select(IndexOutbox.id, IndexOutbox.kind, IndexOutbox.pk)
            .where(IndexOutbox.priority == INTERACTIVE)
            .order_by(IndexOutbox.id)
        )
        done = self.covered | self.seen
        with Session(self.engine) as session:
            rows = [r for r in session.execute(stmt) if r.id not in done]
            if not rows:
                return
            products = {r.pk for r in rows if r.kind == "product"}
            suppliers = {r.pk for r in rows if r.kind == "supplier"}
            try:
                self._write(session, products, suppliers)
            except Exception:  # the live index is unreadable or outdated: the rows
                # stay queued and are drained once the new index is in
                log.warning("a web save waits for the rebuild", exc_info=True)
                return
        self.seen.update(r.id for r in rows)
        self.products |= products
        self.suppliers |= suppliers

    def write_again(self) -> None:
        if not self.seen:
            return
        with Session(self.engine) as session:
            self._write(session, self.products, self.suppliers)
        indexer.forget(self.engine, sorted(self.seen))

    def _write(self, session: Session, products: set[int], suppliers: set[int]) -> None:
        keep, drop = indexer.documents_of(session, products, suppliers)
        self.backend.index(keep)
        self.backend.delete(drop)
