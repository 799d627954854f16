"""Keeping `share_cells` and `share_coverage` equal to a GROUP BY over the records,
in the transaction that changes them: `remove(ids)` before records change or go,
`add(ids)` after they were written. `rebuild` recomputes both from scratch and
`differences` compares them with the records (a test and `share check` use it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    case,
    delete,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.imports.bulk import member_of
from marketplace.share.models import (
    NO_PCT,
    NO_PRODUCT,
    Link,
    ShareCell,
    ShareCoverage,
    SupplyRecord,
)

R: Table = SupplyRecord.__table__  # type: ignore[assignment]
CELLS: Table = ShareCell.__table__  # type: ignore[assignment]
COVERAGE: Table = ShareCoverage.__table__  # type: ignore[assignment]
CELL_KEYS = ("year", "category_code", "domestic", "own_bp", "product_id")
COVERAGE_KEYS = ("year", "category_code", "source", "link")


def _cell_keys() -> list[ColumnElement[Any]]:
    return [
        R.c.year,
        R.c.category_code,
        R.c.origin == literal("VN", literal_execute=True),
        func.coalesce(R.c.local_content_bp, literal(NO_PCT, literal_execute=True), type_=Integer),
        # The product matters only when the record gives no content of its own.
        case(
            (R.c.local_content_bp.is_(None), func.coalesce(R.c.product_id, NO_PRODUCT)),
            else_=NO_PRODUCT,
        ),
    ]


def _coverage_keys() -> list[ColumnElement[Any]]:
    return [
        R.c.year,
        R.c.category_code,
        # As text: the enum type would refuse "" when the row is read back.
        func.coalesce(R.c.source, literal("", literal_execute=True), type_=String(20)),
        case(
            (R.c.product_id.is_not(None), Link.PRODUCT.value),
            (R.c.supplier_id.is_not(None), Link.SUPPLIER.value),
            else_=Link.NONE.value,
        ),
    ]


def _grouped(keys: list[ColumnElement[Any]], sign: int, where: ColumnElement[bool]) -> Select[Any]:
    # GROUP BY ordinals: PostgreSQL would see the repeated expressions' parameters as
    # different expressions.
    return (
        select(*keys, func.count() * sign, func.sum(R.c.value_vnd) * sign)
        .where(where)
        .group_by(*(literal_column(str(i + 1)) for i in range(len(keys))))
    )


def _upsert(session: Session, table: Table, keys: tuple[str, ...], rows: Select[Any]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).from_select([*keys, "records", "value_vnd"], rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={
            "records": table.c.records + stmt.excluded.records,
            "value_vnd": table.c.value_vnd + stmt.excluded.value_vnd,
        },
    )
    session.execute(stmt)


def _apply(session: Session, ids: Iterable[int], sign: int) -> None:
    for cond in member_of(session, R.c.id, ids):
        _upsert(session, CELLS, CELL_KEYS, _grouped(_cell_keys(), sign, cond))
        _upsert(session, COVERAGE, COVERAGE_KEYS, _grouped(_coverage_keys(), sign, cond))
    if sign < 0:
        session.execute(delete(CELLS).where(CELLS.c.records == 0))
        session.execute(delete(COVERAGE).where(COVERAGE.c.records == 0))


def add(session: Session, ids: Iterable[int]) -> None:
    """Count these records (just written) into the aggregates."""
    _apply(session, ids, 1)


def remove(session: Session, ids: Iterable[int]) -> None:
    """Take these records (about to change or go) out of the aggregates."""
    _apply(session, ids, -1)


def rebuild(session: Session) -> None:
    """Recompute both aggregates from the records (not committed here)."""
    session.execute(delete(CELLS))
    session.execute(delete(COVERAGE))
    _upsert(session, CELLS, CELL_KEYS, _grouped(_cell_keys(), 1, true()))
    _upsert(session, COVERAGE, COVERAGE_KEYS, _grouped(_coverage_keys(), 1, true()))


def differences(session: Session) -> list[str]:
    """Where the stored aggregates differ from the records; empty when in step."""
    out: list[str] = []
    for table, keys, names in (
        (CELLS, _cell_keys(), CELL_KEYS),
        (COVERAGE, _coverage_keys(), COVERAGE_KEYS),
    ):
        fresh = {
            tuple(r[:-2]): (r[-2], r[-1])
            for r in session.execute(_grouped(keys, 1, true())).tuples()
        }
        stored = {
            tuple(r[:-2]): (r[-2], r[-1])
            for r in session.execute(
                select(*(table.c[k] for k in names), table.c.records, table.c.value_vnd)
            ).tuples()
        }
        for key in fresh.keys() | stored.keys():
            want = fresh.get(key)
            have = stored.get(key)
            norm = tuple(bool(k) if n == "domestic" else k for n, k in zip(names, key, strict=True))
            if want != have:
                out.append(f"{table.name} {dict(zip(names, norm, strict=True))}: {have} != {want}")
    return out
