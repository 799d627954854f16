"""Offset pagination over a select(), shared by pages and the JSON API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def window(self, size: int = 2) -> list[int | None]:
        """Page numbers to show, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages, *range(self.page - size, self.page + size + 1)}
        out: list[int | None] = []
        for n in sorted(p for p in shown if 1 <= p <= self.pages):
            if out and out[-1] is not None and n - out[-1] > 1:  # type: ignore[operator]
                out.append(None)
            out.append(n)
        return out


MAX_PAGE = 1_000_000  # beyond any list here; a larger offset overflows SQLite's integers


def count_rows(session: Session, stmt: Select[Any]) -> int:
    """How many rows `stmt` selects (its ordering dropped)."""
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def paginate(session: Session, stmt: Select[Any], page: int, per_page: int) -> Page[Any]:
    page = min(max(1, page), MAX_PAGE)
    total = count_rows(session, stmt)
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)
