"""One indexer at a time per database, across threads, processes and web nodes:
a PostgreSQL advisory lock, or on SQLite an `flock` on a file beside the database
(under instance/ by default). A second lock of the same kind, `REBUILD`, is held
for the whole of a full rebuild, so that only one process rebuilds and the others
can tell one is running.
Both are released by the operating system or the server if the holder dies
(`kill -9`), so a crash never leaves the index locked."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

# Advisory lock ids (one per database, so test databases do not contend).
ADVISORY_KEY = 0x5EA2C4_0B0C
INDEXER = "indexer"
REBUILD = "rebuild"
_KEYS = {INDEXER: ADVISORY_KEY, REBUILD: ADVISORY_KEY + 1}
POLL_SECONDS = 0.05
_local = threading.local()


class IndexerBusy(RuntimeError):
    """Another indexer holds the lock."""


@contextmanager
def exclusive(engine: Engine, blocking: bool = True, name: str = INDEXER) -> Iterator[bool]:
    """Yield True while holding the lock `name` (INDEXER or REBUILD) of `engine`'s
    database. Another holder makes it wait (`blocking`) or yield False at once. Not
    re-entrant: in a thread that holds it already it yields False (or raises
    IndexerBusy when blocking) — the holder applies what it finds queued before
    letting go."""
    key = f"{name}:{engine.url}"
    holding: set[str] = _local.__dict__.setdefault("keys", set())
    if key in holding:
        if blocking:
            raise IndexerBusy("this thread already holds the indexer lock")
        yield False
        return
    release = _acquire(engine, blocking, name)
    if release is None:
        yield False
        return
    holding.add(key)
    try:
        yield True
    finally:
        holding.discard(key)
        release()


def _acquire(engine: Engine, blocking: bool, name: str) -> Callable[[], None] | None:
    if engine.dialect.name == "postgresql":
        return _advisory(engine, blocking, _KEYS[name])
    return _flock(lock_path(engine, name), blocking)


def lock_path(engine: Engine, name: str = INDEXER) -> Path:
    database = engine.url.database
    if database and database != ":memory:":
        return Path(database).with_name(f"{Path(database).name}.{name}-lock")
    digest = hashlib.sha256(str(engine.url).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"marketplace-{digest}.{name}-lock"


def _flock(path: Path, blocking: bool) -> Callable[[], None] | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise

    def release() -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    return release


def _advisory(engine: Engine, blocking: bool, key: int) -> Callable[[], None] | None:
    # A session-level lock on a connection of its own, outside any transaction;
    # polled rather than waited on so no statement timeout cuts the wait short.
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        while not conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}):
            if not blocking:
                conn.close()
                return None
            time.sleep(POLL_SECONDS)
    except BaseException:
        conn.close()
        raise

    def release() -> None:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        finally:
            conn.close()

    return release
