"""A hook a long index build calls every fraction of a second, so that the caller
can do short urgent work (a web save's document) meanwhile, in the same thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Idle = Callable[[], None]


class Ticker:
    """Calls `idle` at most every SECONDS (never, when `idle` is None)."""

    SECONDS = 0.2

    def __init__(self, idle: Idle | None) -> None:
        self.idle = idle
        self.next = time.monotonic() + self.SECONDS

    def __call__(self) -> None:
        if self.idle is not None and time.monotonic() >= self.next:
            self.idle()
            self.next = time.monotonic() + self.SECONDS

    def during(self, work: Callable[[], object]) -> None:
        """Run `work` in a thread, calling `idle` until it ends; raise its error.
        For a step that is one long call (finishing segments, building an index)."""
        if self.idle is None:
            work()
            return
        failed: list[BaseException] = []

        def run() -> None:
            try:
                work()
            except BaseException as exc:  # noqa: BLE001 - raised again below
                failed.append(exc)

        thread = threading.Thread(target=run, name="search-build-step")
        thread.start()
        while thread.is_alive():
            thread.join(self.SECONDS)
            if thread.is_alive():
                self()
        if failed:
            raise failed[0]
