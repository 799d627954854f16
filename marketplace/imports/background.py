"""Writing an import's new rows while its file is still being read and checked.

The rows go, a chunk at a time, to a thread of the import's own that writes them
on the import's own connection, in its transaction: the database's share of the
work (PostgreSQL's server; SQLite's B-tree and page writes, which run outside the
GIL) then happens beside the checking of the rows that follow instead of after
all of them. The reading thread does not touch the session or the connection
until `close` or `stop` has returned, and a failed import rolls back everything
the thread wrote, as it does any other write."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.engine import Connection

T = TypeVar("T")

CHUNK = 5000  # rows a statement: as many as a COPY or an executemany takes well
DEPTH = 4  # chunks waiting at most: memory stays bounded when the database is slower


class BackgroundWriter(Generic[T]):
    def __init__(
        self, conn: Connection, write: Callable[[Connection, list[T]], None], chunk: int = CHUNK
    ) -> None:
        self._conn, self._write, self._chunk = conn, write, chunk
        self._queue: queue.Queue[list[T] | None] = queue.Queue(maxsize=DEPTH)
        self._pending: list[T] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()

    def put(self, item: T) -> None:
        self._pending.append(item)
        if len(self._pending) >= self._chunk:
            self._send()

    def close(self) -> None:
        """Write what is left and wait for the thread; raises what writing raised."""
        if self._pending:
            self._send()
        self._finish()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """Wait for the thread without writing what is left (the import failed and
        rolls back); a writing error is then beside the point."""
        self._pending = []
        self._finish()

    def _send(self) -> None:
        if self._error is None:  # a writer that failed takes nothing more
            self._queue.put(self._pending)
        self._pending = []

    def _finish(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while (items := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that the reading thread never blocks
            try:
                self._write(self._conn, items)
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                self._error = exc
