"""Whoosh rebuilds beside the live index: segments are written in a staging index
(a hidden folder inside the index folder, its own write lock) and then adopted by
the live index in one short commit that holds only them.

Why not a writer on the live index: it holds the index's write lock for the whole
build (a minute at 100,000 documents), so a web save made meanwhile could not be
written until the rebuild ended. Here the live index stays writable throughout, and
the caller's `idle` hook (called between documents and while the segments are
finished) writes such saves to it; the caller writes them again once the new
segments are in (they may have been read before the save).

Documents are analysed in the writer's worker processes, not in the one process
that reads them from the database: analysis is most of a document's cost, and the
reader would otherwise be the bottleneck."""

from __future__ import annotations

import os
import pickle  # nosec B403 - the writer's own job files, written by this process
import shutil
import time
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError, clean_files
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from search.base import Document
from search.ticker import Idle, Ticker

INDEXNAME = "MAIN"  # Whoosh's default, which the live index uses
STAGING = ".rebuild"  # a leading dot: Whoosh's file clean-up of the live index skips it
TERMS_FIELD = "all"  # the weighted catch-all field (see whoosh_backend)
# A document ready for a TermsWriter: its other fields, and its terms and weights.
Prepared = tuple[dict[str, object], dict[str, float]]
Prepare = Callable[[Document], Prepared]
Postings = dict[str, tuple[list[int], list[float]]]  # term -> (docnums, weights)


class TermsWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer given each document's `all` terms and weights directly.

    Whoosh's own path formats them into a string, parses it back, pools one tuple
    a posting, sorts the pool and writes postings one call at a time: two thirds
    of a rebuild's CPU. Here the postings are collected per term in document
    order (already sorted) and written a block at a time, in Whoosh's format."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._postings: Postings = {}

    def add(self, doc: Prepared) -> None:
        fields, terms = doc
        docnum = self.docnum
        self.add_document(**fields)
        postings = self._postings
        for term, weight in terms.items():
            entry = postings.get(term)
            if entry is None:
                postings[term] = entry = ([], [])
            entry[0].append(docnum)
            entry[1].append(weight)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        if self._postings:  # "all" sorts before the pool's fields ("id")
            _write_terms(writer, self.schema[TERMS_FIELD], self._postings)
        writer.add_postings(self.schema, None, self.pool.iter_postings())
        writer.close()


def _write_terms(
    writer: Any, field: Any, postings: dict[str, tuple[list[int], list[float]]]
) -> None:
    """The blocks W3PostingsWriter.add_posting would write, filled whole (pinned
    whoosh-reloaded 2.7.5)."""
    writer.start_field(TERMS_FIELD, field)
    for term in sorted(postings):  # code point order is UTF-8 byte order
        ids, weights = postings[term]
        writer.start_term(term.encode())
        block = writer._postwriter
        limit = block._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                block._write_block()
            part = weights[start : start + limit]
            block._ids = array("I", ids[start : start + limit])
            block._weights = array("f", part)
            block._maxweight = max(part)
        writer.finish_term()
    writer.finish_field()


class _AnalysingTask(SubWriterTask):  # type: ignore[misc]
    """A worker that receives documents and analyses them itself, writing with a
    TermsWriter (multi-segment only: each worker's segment is kept as it is)."""

    prepare: Prepare

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = TermsWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        self.resultqueue.put((None, writer.pool.fieldnames, writer._finalize_segment()), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        writer = self.writer
        temp = writer.temp_storage()
        with temp.open_file(filename).raw_file() as f:
            for _ in range(doc_count):
                _code, doc = pickle.load(f)  # nosec B301 - written by the parent above
                writer.add(self.prepare(doc))
        temp.delete_file(filename)


class _DocumentWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multi-process writer, fed `Document`s (see _AnalysingTask)."""

    def __init__(self, ix: Any, prepare: Prepare, tick: Ticker, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.prepare = prepare
        self.tick = tick

    def _new_task(self) -> _AnalysingTask:
        task = _AnalysingTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.prepare = self.prepare
        self.tasks.append(task)
        task.start()
        return task

    def add(self, doc: Document) -> None:
        self.docbuffer.append((0, doc))
        if len(self.docbuffer) >= self.batchsize:
            # A full job queue would block until a worker takes a job: the idle
            # hook keeps running meanwhile.
            while len(self.tasks) >= self.procs and self.jobqueue.full():
                time.sleep(0.01)
                self.tick()
            self._enqueue()
        self._added_sub = True


def build(
    path: Path,
    schema: Any,
    codec: Any,
    docs: Iterable[Document],
    prepare: Prepare,
    procs: int,
    idle: Idle | None = None,
) -> Any:
    """Write `docs` into a fresh staging index inside `path`; the staging index
    (its segments are adopted by `adopt`). `idle()` runs at most every
    Ticker.SECONDS while documents are read and while the segments are finished."""
    staging = path / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # a build a crash left behind
    staging.mkdir(parents=True)
    ix = windex.create_in(str(staging), schema, indexname=INDEXNAME)
    tick = Ticker(idle)
    if procs > 1:
        # Each worker sorts its postings in memory up to `limitmb`: at 256 MB they
        # spilled to pickled runs on disk, a fifth of the build time at 100k
        # products (measured peak: about 0.5 GiB a worker beyond the parent's).
        writer = _DocumentWriter(
            ix, prepare, tick, procs=procs, limitmb=1024, multisegment=True, codec=codec
        )
        add = writer.add
    else:
        writer = TermsWriter(ix, limitmb=256, codec=codec)

        def add(doc: Document) -> None:
            writer.add(prepare(doc))

    try:
        for doc in docs:
            add(doc)
            tick()
    except BaseException:
        writer.cancel()
        raise
    # Finishing the segments (sorting and writing the postings) takes seconds:
    # the hook keeps running meanwhile.
    tick.during(writer.commit)
    return ix


def adopt(path: Path, staged: Any, timeout: float = 30.0) -> None:
    """Make the index in `path` hold exactly the segments of `staged`, in one commit
    (their files are moved in, then a new table of contents lists only them).
    Whatever `path` held before — an index, an outdated one, nothing — is replaced;
    searchers keep the old segments until they reopen."""
    storage = FileStorage(str(path))
    lock = storage.lock(f"{INDEXNAME}_WRITELOCK")
    if not try_for(lock.acquire, timeout, 0.1):
        raise LockError(f"search index at {path} is locked")
    try:
        segments = staged._segments()
        source = Path(staged.storage.folder)
        prefixes = tuple(f"{s.segment_id()}." for s in segments)
        for name in os.listdir(source):
            if name.startswith(prefixes):
                os.replace(source / name, path / name)
        generation = TOC._latest_generation(storage, INDEXNAME) + 1
        TOC(staged.schema, segments, generation).write(storage, INDEXNAME)
        clean_files(storage, INDEXNAME, generation, segments)
    finally:
        lock.release()
    shutil.rmtree(source, ignore_errors=True)
