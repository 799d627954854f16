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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError, clean_files
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.filelock import try_for

from search.base import Document
from search.ticker import Idle, Ticker

INDEXNAME = "MAIN"  # Whoosh's default, which the live index uses
STAGING = ".rebuild"  # a leading dot: Whoosh's file clean-up of the live index skips it
Fields = Callable[[Document], dict[str, object]]


class _AnalysingTask(SubWriterTask):  # type: ignore[misc]
    """A worker that receives documents and analyses them itself."""

    fields: Fields

    def _process_file(self, filename: str, doc_count: int) -> None:
        writer = self.writer
        temp = writer.temp_storage()
        with temp.open_file(filename).raw_file() as f:
            for _ in range(doc_count):
                _code, doc = pickle.load(f)  # nosec B301 - written by the parent above
                writer.add_document(**self.fields(doc))
        temp.delete_file(filename)


class _DocumentWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multi-process writer, fed `Document`s (see _AnalysingTask)."""

    def __init__(self, ix: Any, fields: Fields, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.fields = fields

    def _new_task(self) -> _AnalysingTask:
        task = _AnalysingTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.fields = self.fields
        self.tasks.append(task)
        task.start()
        return task

    def add(self, doc: Document) -> None:
        self.docbuffer.append((0, doc))
        if len(self.docbuffer) >= self.batchsize:
            self._enqueue()
        self._added_sub = True


def build(
    path: Path,
    schema: Any,
    codec: Any,
    docs: Iterable[Document],
    fields: Fields,
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
            ix, fields, procs=procs, limitmb=1024, multisegment=True, codec=codec
        )
        add = writer.add
    else:
        writer = ix.writer(limitmb=256, codec=codec)

        def add(doc: Document) -> None:
            writer.add_document(**fields(doc))

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
