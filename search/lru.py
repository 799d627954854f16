"""One least-recently-used cache for every backend: Whoosh keeps term postings in
it (bounded by bytes), PostgreSQL whole answers (bounded by count)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


def _one(value: object) -> int:
    return 1


class LRU(Generic[V]):
    """At most `size` in total of `weigh(value)` (one an entry by default); the
    least recently used entries go first. `size = 0` keeps nothing (benchmarks set
    it to measure uncached answers). Thread-safe; a value is computed outside the
    lock, so two threads may both compute a missing one."""

    def __init__(self, size: int, weigh: Callable[[V], int] = _one) -> None:
        self.size = size
        self.weight = 0
        self._weigh = weigh
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        if self.size <= 0:
            return
        weight = self._weigh(value)
        with self._lock:
            if (old := self._items.pop(key, None)) is not None:
                self.weight -= self._weigh(old)
            self._items[key] = value
            self.weight += weight
            # The newest entry stays even when it alone exceeds the size.
            while self.weight > self.size and len(self._items) > 1:
                _, old = self._items.popitem(last=False)
                self.weight -= self._weigh(old)

    def get_or_load(self, key: Hashable, load: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = load()
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.weight = 0
