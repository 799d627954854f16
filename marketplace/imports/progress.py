"""What long imports report while they run (a job's stored progress, a CLI bar)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stage(self, label: str) -> None: ...


class NoProgress:
    def set_total(self, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stage(self, label: str) -> None:
        pass
