"""Rebuilding a PostgreSQL search's tables from every document: a new documents
table and its narrow rows are filled and indexed beside the ones in use, then
swapped in with one short transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from search import postgres_narrow as narrow
from search import postgres_rows as rows
from search import postgres_schema as schema
from search.base import Document
from search.ticker import Idle, Ticker


def rebuild(engine: Engine, table: str, docs: Iterable[Document], idle: Idle | None = None) -> None:
    """Fill a new table with COPY, index it and copy its narrow rows, then swap them
    in with one short transaction: readers see the old tables until the swap, and
    writers can write to them meanwhile (`idle()` runs every fraction of a second
    for such writes; they must be written again after the swap)."""
    _vocab, state = schema.names(table)
    new, slim = f"{table}_new", narrow.name(table)
    slim_new = f"{slim}_new"
    tick = Ticker(idle)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"DROP TABLE IF EXISTS {new}, {slim_new}")
        for stmt in schema.documents_table(new, index=False):
            cur.execute(stmt)
        with cur.copy(f"COPY {new} ({', '.join(rows.COLUMNS)}) FROM STDIN") as copy:
            for doc in docs:
                copy.write_row(rows.row_values(doc))
                tick()

        def index_new_tables() -> None:
            for stmt in schema.indexes(new):
                cur.execute(stmt)
            cur.execute(f"ANALYZE {new}")
            for stmt in [*narrow.create(slim_new), *narrow.fill(slim_new, new)]:
                cur.execute(stmt)
            cur.execute(f"ANALYZE {slim_new}")

        tick.during(index_new_tables)
        cur.execute(f"SELECT pg_advisory_xact_lock(hashtext('{table}'))")
        cur.execute(f"DROP TABLE {table}, {slim}")
        cur.execute(f"ALTER TABLE {new} RENAME TO {table}")
        for suffix in schema.INDEXES:
            cur.execute(f"ALTER INDEX {new}_{suffix} RENAME TO {table}_{suffix}")
        cur.execute(f"ALTER TABLE {slim_new} RENAME TO {slim}")
        cur.execute(f"ALTER INDEX {slim_new}_pkey RENAME TO {slim}_pkey")
        for stmt in schema.triggers(table):
            cur.execute(stmt)
        cur.execute(f"UPDATE {state} SET generation = generation + 1")  # nosec B608
        for stmt in schema.recount_vocabulary(table):
            cur.execute(stmt)
        raw.commit()
    except Exception:
        raw.rollback()
        raise
    finally:
        raw.close()
