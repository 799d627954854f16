"""The fastest plain way to insert many rows: `COPY ... FROM STDIN` on PostgreSQL,
`executemany` of tuples on SQLite — inside the session's transaction.

SQLAlchemy's executemany builds and processes a parameter dict per row, which
cost an import of 100,000 products more than its validation. Here each column's
bind processor (enums, percentages, dates, JSON) is looked up once and applied to
positional tuples."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

import orjson
import psycopg
from sqlalchemy import (
    JSON,
    ColumnElement,
    DateTime,
    String,
    Table,
    any_,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

CHUNK = 5000  # ids per IN list and rows per statement: well under any driver's cap
_WRITERS_LOCK = 727_274_001  # pg_advisory_xact_lock key of the bulk writers


def serialize_writers(session: Session) -> None:
    """Imports, reverts and supply-record edits, one at a time until the transaction
    ends: each reads the stored rows, then writes what changed (and adjusts aggregates
    by the old values); two at once on PostgreSQL would each work from the other's
    old values. SQLite has one writer at a time anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITERS_LOCK})


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def member_of(
    session: Session, column: ColumnElement[Any], values: Iterable[Any]
) -> Iterator[ColumnElement[bool]]:
    """`column IN values` as a few conditions: on PostgreSQL one array parameter per
    50,000 values (`= ANY(:values)`: a 5,000-item IN list costs the server far more
    to parse than to run); on SQLite one JSON parameter read by json_each (IN lists
    of thousands of parameters cost more to render than the look-up)."""
    items = list(values)
    if not items:
        return
    span = _contiguous(items)
    if span is not None:  # e.g. the ids an import just created: a range scan, no list
        yield column.between(*span)
        return
    if session.get_bind().dialect.name == "postgresql":
        for part in chunks(items, 50_000):
            yield column == any_(_pg_array(part, column))
        return
    each = func.json_each(bindparam(None, orjson.dumps(items).decode(), type_=String))
    yield column.in_(select(each.table_valued("value").c.value))


def _contiguous(items: list[Any]) -> tuple[int, int] | None:
    """(lowest, highest) when `items` are many integers that fill that range exactly,
    so that `BETWEEN` selects the very same rows as the list."""
    if len(items) < 1000 or not all(type(v) is int for v in items):
        return None
    lo, hi = min(items), max(items)
    return (lo, hi) if hi - lo + 1 == len(set(items)) else None


_SEP = "\x1f"  # the unit separator: never in a code, an id or a name we look up


def _pg_array(items: list[Any], column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`items` as one PostgreSQL array parameter. Sent as one delimited string that
    the server splits (`string_to_array`): psycopg adapts a list element by element in
    Python, which cost ~0.5 s per 200,000 ids."""
    texts = [str(v) for v in items]
    if any(_SEP in t for t in texts):  # cannot be split back: let psycopg adapt it
        return bindparam(None, items, type_=ARRAY(column.type))
    joined = func.string_to_array(bindparam(None, _SEP.join(texts), type_=String), _SEP)
    return sql_cast(joined, ARRAY(column.type))


def _json(value: Any) -> str:
    return orjson.dumps(value, default=str).decode()


def _sqlite_datetime() -> Callable[[datetime], str]:
    """The text sqlite3's own datetime adapter stores (`isoformat(" ")`), converted
    once per distinct value: an import stamps every row with the same `now`, and the
    adapter cost more than the rest of a product's row."""
    last: list[Any] = [None, None]

    def proc(value: datetime) -> str:
        if value is not last[0]:
            last[0], last[1] = value, value.isoformat(" ")
        return cast(str, last[1])

    return proc


def _row_processor(
    table: Table, columns: Sequence[str], dialect: Any
) -> Callable[[Sequence[Any]], Sequence[Any]] | None:
    """Applies each column's bind processor (looked up once) to a row tuple; None
    when no column needs one (the rows go as they are)."""
    procs: list[Callable[[Any], Any] | None] = []
    for name in columns:
        col_type = table.c[name].type
        if isinstance(col_type, JSON):  # serialised here (orjson), not by the type
            procs.append(_json)
        elif dialect.name == "sqlite" and isinstance(col_type, DateTime):
            procs.append(col_type.bind_processor(dialect) or _sqlite_datetime())
        else:
            procs.append(col_type.bind_processor(dialect))
    indexed = [(i, p) for i, p in enumerate(procs) if p is not None]
    if not indexed:
        return None

    def ready(row: Sequence[Any]) -> Sequence[Any]:
        out = list(row)
        for i, p in indexed:
            if out[i] is not None:
                out[i] = p(out[i])
        return out

    return ready


def connection_of(target: Session | Connection) -> Connection:
    """The connection of a session's transaction, or the connection itself (a
    background writer holds the connection, never the session: background.py)."""
    return target.connection() if isinstance(target, Session) else target


def bulk_insert(
    target: Session | Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Insert `rows` (tuples in the order of `columns`); returns how many."""
    conn = connection_of(target)
    dialect = conn.dialect
    ready = _row_processor(table, columns, dialect)
    if dialect.name == "postgresql":
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in columns)
        # The psycopg 3 connection under SQLAlchemy's: COPY is psycopg's own API.
        raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
        count = 0
        types = _binary_types(raw, table.name, columns)
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        if types is not None:
            statement += " (FORMAT BINARY)"
        try:
            with raw.cursor() as cur, cur.copy(statement) as copy:
                if types is not None:
                    copy.set_types(types)
                for row in map(ready, rows) if ready else rows:
                    copy.write_row(row)
                    count += 1
        except psycopg.Error as exc:  # wrapped as SQLAlchemy's own statements are
            raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
        return count
    sql = _insert_sql(dialect, table, columns)
    # sqlite3's executemany takes the rows as they come (no list of them in memory);
    # its errors are wrapped as SQLAlchemy's would be.
    lite = cast(sqlite3.Connection, conn.connection.dbapi_connection).cursor()
    try:
        lite.executemany(sql, map(ready, rows) if ready else rows)
        return lite.rowcount
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc
    finally:
        lite.close()


# PostgreSQL types whose binary form psycopg writes from the Python values an import
# holds (bool, int2/4/8, text, varchar, date, timestamp, timestamptz, float8). COPY
# in binary costs the client and the server about half of what text does (no
# escaping, no number parsing); a table with any other column type (an enum, JSON)
# is copied as text.
_BINARY_OIDS = frozenset({16, 20, 21, 23, 25, 1043, 1082, 1114, 1184, 701})
_COPY_TYPES: dict[tuple[str, tuple[str, ...]], list[int] | None] = {}


def _binary_types(
    raw: psycopg.Connection[Any], table: str, columns: Sequence[str]
) -> list[int] | None:
    """The columns' type oids when all of them can be copied in binary, else None
    (looked up once a process: built-in types keep their oids)."""
    key = (table, tuple(columns))
    if key not in _COPY_TYPES:
        with raw.cursor() as cur:
            cur.execute(
                "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attnum > 0 AND NOT attisdropped",
                (table,),
            )
            oids = dict(cur.fetchall())
        types = [oids.get(c) for c in columns]
        binary = all(t in _BINARY_OIDS for t in types)
        _COPY_TYPES[key] = [int(t) for t in types if t is not None] if binary else None
    return _COPY_TYPES[key]


def _insert_sql(dialect: Any, table: Table, columns: Sequence[str]) -> str:
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join('?' * len(columns))})"  # nosec B608 - names from the table's own metadata


_DRAW_IDS = "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"


def bulk_insert_ids(
    target: Session | Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    at_most: int | None = None,
) -> list[int]:
    """Insert `rows` like `bulk_insert` and return their new ids, in order, without
    reading the rows back; `rows` may be a generator (the rows stream to the database
    as they are made), then `at_most` bounds how many it yields.

    PostgreSQL: `at_most` ids are drawn from the table's sequence in one statement
    and copied with the rows. SQLite: the first row takes the next id (AUTOINCREMENT);
    it also takes the database's write lock, which no other writer can get before this
    transaction ends, so the ids that follow are the rest's."""
    conn = connection_of(target)
    it = iter(rows)
    ids: list[int] = []
    if conn.dialect.name == "postgresql":
        wanted = at_most if at_most is not None else len(rows)  # type: ignore[arg-type]
        pool = iter(
            conn.execute(
                text(_DRAW_IDS),
                {"t": table.name, "n": wanted},
            )
            .scalars()
            .all()
        )
    else:
        first = next(it, None)
        if first is None:
            return []
        ready = _row_processor(table, columns, conn.dialect)
        values = tuple(ready(first) if ready else first)
        done = conn.exec_driver_sql(_insert_sql(conn.dialect, table, columns), values)
        ids.append(int(done.lastrowid))
        pool = itertools.count(ids[0] + 1)

    def numbered() -> Iterator[tuple[Any, ...]]:
        for row in it:
            pk = next(pool, None)
            if pk is None:
                raise RuntimeError(f"more rows than the {at_most} ids drawn for {table.name}")
            ids.append(pk)
            yield (pk, *row)

    bulk_insert(conn, table, ("id", *columns), numbered())
    return ids
