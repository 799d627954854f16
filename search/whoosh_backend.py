"""Whoosh backend: the embedded default.

Whoosh stores and maintains the index (segments, deletions, locking, merging); the
query is evaluated with numpy over Whoosh's postings. The parts change for
different reasons: what is written for a document (whoosh_schema), how segments
and postings are read and cached (whoosh_postings), how matches are scored and
ordered (whoosh_scoring), how a full rebuild is written beside the live index
(whoosh_build). This module ties them to the index directory's life cycle.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh import index as windex

from search import ranking, register, spelling, whoosh_build, whoosh_scoring
from search import whoosh_schema as S
from search.base import Document, Drift, IndexUnavailable, Query, Results
from search.lru import LRU
from search.whoosh_postings import SegmentCache, View, column, term_text, type_statistics

log = logging.getLogger(__name__)
T = TypeVar("T")
POSTINGS_CACHE_BYTES = 256 * 2**20
# Whole answers of the current generation (as the PostgreSQL backend keeps them).
CACHE_ENTRIES = 512


class WhooshBackend:
    """One index directory. Writes take Whoosh's lock (waiting up to 30 s), so several
    processes can write without losing updates; each process keeps one searcher and
    reopens it when any process committed."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        # Guards the views' user counts (held for a few instructions, never for I/O).
        self._leases = threading.Lock()
        self._view: View | None = None
        self._cache = SegmentCache(POSTINGS_CACHE_BYTES)
        # Answers keyed by the generation they were computed at, emptied when a new
        # generation is opened: a commit by any process (a save, a deletion, a
        # rebuild) is seen by the next search. `.size = 0` measures uncached queries.
        self.results_cache: LRU[Results] = LRU(CACHE_ENTRIES)
        self.ix = self._open()

    # -- index lifecycle ---------------------------------------------------------

    def _open(self):  # type: ignore[no-untyped-def]
        """The index in `path`; a fresh empty one if there is none or it is damaged.
        One built by an older version is kept but marked outdated: searches raise
        IndexUnavailable (the site answers from the database and rebuilds it)."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.outdated = False
        # exists_in opens the index: it races another process's commit like any read.
        if not _retry(lambda: windex.exists_in(str(self.path))):
            return windex.create_in(str(self.path), S.schema())
        try:
            ix = _retry(lambda: windex.open_dir(str(self.path)))
        except Exception:  # noqa: BLE001 - whoosh raises many kinds for a corrupt index
            log.warning("search index at %s is unreadable; created an empty one", self.path)
            return windex.create_in(str(self.path), S.schema())
        if not S.is_current(ix.schema):
            log.warning("search index at %s has an older format: rebuild it", self.path)
            self.outdated = True
        return ix

    def _check_current(self) -> None:
        if not self.outdated:
            return
        with self._lock:
            if self.outdated:  # another process may have rebuilt it since
                self.ix = self._open()
            if self.outdated:
                raise IndexUnavailable(f"search index at {self.path} has an older format")

    def _writer(self):  # type: ignore[no-untyped-def]
        return self.ix.writer(timeout=30.0, codec=S.CODEC)

    def index(self, docs: list[Document]) -> None:
        if not docs:
            return
        self._check_current()
        # The writer commits, or cancels on an error (releasing the lock).
        with self._lock, self._writer() as writer, writer.searcher() as searcher:
            # Not update_document: it deletes only the first document holding the
            # id, so a document held twice (see verify) would stay twice.
            for doc in docs:
                writer.delete_by_term("id", doc.id, searcher=searcher)
                writer.add_document(**S.document_fields(doc))

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self._check_current()
        with self._lock, self._writer() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)

    def rebuild(self, docs: Iterable[Document], idle: Callable[[], None] | None = None) -> None:
        """Replace every document in one commit. The new segments are built beside
        the live index (see whoosh_build), which stays searchable and writable
        meanwhile: `idle()` is called every fraction of a second during the build,
        for writes that should not wait for it."""
        # Indexing is CPU-bound Python: large rebuilds use worker processes (one
        # more than the cores, as the parent reads documents while they analyse).
        procs = (os.cpu_count() or 1) + 1 if _large(docs) else 1
        staged = whoosh_build.build(self.path, S.schema(), S.CODEC, docs, S.prepared, procs, idle)
        with self._lock:
            # Replaces an outdated or damaged index too: until now, searches were
            # answered from the old one (or from the database, when unreadable).
            whoosh_build.adopt(self.path, staged)
            self.ix, self.outdated = windex.open_dir(str(self.path)), False
            old, self._view = self._view, None
            if old is not None:
                self._retire(old)
            self.results_cache.clear()

    def optimize(self) -> None:
        with self._lock:
            self._writer().commit(optimize=True)

    def close(self) -> None:
        view, self._view = self._view, None
        if view is not None:
            self._retire(view)

    # -- reading -----------------------------------------------------------------

    def _current(self) -> View:
        self._check_current()
        try:
            return _retry(self._current_view)
        except IndexUnavailable:
            raise
        except Exception as exc:  # missing or damaged files
            raise IndexUnavailable(f"search index at {self.path} cannot be read: {exc}") from exc

    def _current_view(self) -> View:
        generation = self.ix.latest_generation()
        view = self._view
        if view is not None and view.generation == generation:
            return view
        with self._lock:
            if self._view is not None and self._view.generation == generation:
                return self._view
            self._view = self._new_view(generation)
            return self._view

    def _new_view(self, generation: int) -> View:
        if generation < 0:
            raise IndexUnavailable(f"no search index at {self.path}")
        view = self._cache.view(self.ix.searcher(), generation)
        self.results_cache.clear()  # answers of other generations are never read again
        old, self._view = self._view, None
        if old is not None:
            self._retire(old)
        return view

    @contextmanager
    def _viewing(self) -> Iterator[View]:
        """The current view, leased for a read: a commit by another thread makes the
        next read open a newer view, and the old one's searcher must not be closed
        under a search still reading it (its postings came back as a corrupt zlib
        stream in a threaded server)."""
        while True:
            view = self._current()
            with self._leases:
                if not view.retired:
                    view.users += 1
                    break
            # Replaced between the two steps: take the newer one.
        try:
            yield view
        finally:
            with self._leases:
                view.users -= 1
                done = view.retired and view.users == 0
            if done:
                view.searcher.close()  # type: ignore[attr-defined]

    def _retire(self, view: View) -> None:
        """Close `view`'s searcher now, or when its last reader is done."""
        with self._leases:
            view.retired = True
            done = view.users == 0
        if done:
            view.searcher.close()  # type: ignore[attr-defined]

    def all_ids(self) -> set[str]:
        with self.ix.searcher() as s:
            return {f["id"] for f in s.all_stored_fields()}

    # -- checking ----------------------------------------------------------------

    def verify(self, docs: Iterable[Document]) -> Drift:
        """Missing, extra and stale documents (their stored digest differs from the
        one `docs` give now), and the scoring statistics (live documents and summed
        lengths per type) against those `docs` give. Whoosh's own term statistics
        count deleted documents until a merge; ranking never reads them."""
        with self._viewing() as view:
            return self._verify(view, docs)

    def _verify(self, view: View, docs: Iterable[Document]) -> Drift:
        stored: dict[str, bytes] = {}
        drift = Drift()
        for reader, _key, _offset, a in view.leaves:
            fps = column(reader, "fp")
            for d in np.flatnonzero(a.live):
                doc_id = a.key[d].decode()
                if doc_id in stored:
                    drift.stale.add(doc_id)  # held twice: counted twice in the statistics
                stored[doc_id] = fps[d]
        n_docs: Counter[str] = Counter()
        dl2: Counter[str] = Counter()
        seen: set[str] = set()
        for doc in docs:
            fields = S.document_fields(doc)
            seen.add(doc.id)
            n_docs[doc.type] += 1
            dl2[doc.type] += int(fields["dl"])  # type: ignore[call-overload]
            if doc.id not in stored:
                drift.missing.add(doc.id)
            elif stored[doc.id] != fields["fp"]:
                drift.stale.add(doc.id)
        drift.extra = set(stored) - seen
        held_n, held_dl2 = type_statistics([a for *_, a in view.leaves])
        for kind in sorted(set(n_docs) | {k for k, n in held_n.items() if n}):
            if (held_n.get(kind, 0), held_dl2.get(kind, 0)) != (n_docs[kind], dl2[kind]):
                drift.statistics.append(
                    f"{kind} documents: the index counts {held_n.get(kind, 0)} of total "
                    f"length {held_dl2.get(kind, 0) / 2:g}, the database gives "
                    f"{n_docs[kind]} of total length {dl2[kind] / 2:g}"
                )
        return drift

    def repair_statistics(self) -> None:
        """Nothing to recompute: every statistic ranking reads is derived from the
        live documents when a searcher opens. Merging the segments drops deleted
        documents from Whoosh's own counts as well."""
        self._check_current()
        self.optimize()

    def _known(self, view: View, term: str, kind: str) -> bool:
        return self._cache.df(view, term, kind) > 0

    def _correct(self, view: View, token: str) -> list[str]:
        """Indexed words within one edit (two for long words), first letter kept,
        most frequent first (spelling.corrections)."""
        if len(token) < 3:
            return []
        reader = view.searcher.reader()  # type: ignore[attr-defined]
        maxdist = 2 if len(token) > 5 else 1
        near = {term_text(raw) for raw in reader.terms_within("all", token, maxdist, prefix=1)}
        # Live document counts: a word only deleted documents held is no correction.
        live = {w: df for w in near if (df := self._cache.df(view, w, None))}
        return spelling.corrections(token, live)

    def search(self, query: Query) -> Results:
        with self._viewing() as view:
            key = (view.generation, *query.cache_key())
            results = self.results_cache.get(key)
            if results is None:
                results = self._search(view, query)
                self.results_cache.put(key, results)
            return results.copy()

    def _search(self, view: View, query: Query) -> Results:
        plan = ranking.plan(
            query.text,
            known=lambda t: self._known(view, t, query.type),
            correct=lambda t: self._correct(view, t),
            places=view.places,
        )
        if plan.impossible:
            return whoosh_scoring.no_results(plan)
        results = whoosh_scoring.run(self._cache, view, query, plan)
        if relaxed := ranking.relax(plan, results.total):
            results = whoosh_scoring.run(self._cache, view, query, relaxed)
        return results

    def complete(self, prefix: str, limit: int = 3) -> list[str]:
        with self._viewing() as view:
            reader = view.searcher.reader()  # type: ignore[attr-defined]
            words = [
                w for t in reader.expand_prefix("all", prefix) if (w := term_text(t)).isalpha()
            ]
            counted = [(-df, w) for w in words if (df := self._cache.df(view, w, None))]
            return [w for _, w in sorted(counted)[:limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return ranking.suggest_names(self, prefix, limit)


def _retry(read: Callable[[], T], attempts: int = 5) -> T:
    """`read()`, tried again a few times: while another process commits, the files
    of the generation being opened can disappear under a reader (a merge deletes
    them). Only a failure that persists means the index is missing or damaged."""
    for attempt in range(attempts):
        try:
            return read()
        except IndexUnavailable:
            raise
        except Exception:  # noqa: BLE001 - whoosh raises many kinds for missing files
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _large(docs: Iterable[Document]) -> bool:
    return not isinstance(docs, Sized) or len(docs) >= 5000


def index_exists(path: str) -> bool:
    return Path(path).is_dir() and windex.exists_in(path)


register(("whoosh",), lambda url: WhooshBackend(url.removeprefix("whoosh://")))
