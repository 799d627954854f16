"""Checking the PostgreSQL search tables against the documents they should hold
(`flask search check`), and repairing the statistics kept beside them."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Engine

from search import postgres_narrow as narrow
from search import postgres_rows as rows
from search import postgres_schema as schema
from search.base import Document, Drift


def verify(engine: Engine, table: str, docs: Iterable[Document]) -> Drift:
    """Missing, extra and stale documents (any stored column, the terms included,
    differs from what `docs` give now: `docs` are copied into a temporary table and
    compared in the database), and stored statistics that differ from the stored
    documents: vocabulary counts, the change triggers, the generation row and the
    indexes."""
    cols = ", ".join(rows.COLUMNS)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"CREATE TEMP TABLE expected (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
        with cur.copy(f"COPY expected ({cols}) FROM STDIN") as copy:
            for doc in docs:
                copy.write_row(rows.row_values(doc))
        cur.execute("ANALYZE expected")
        others = [c for c in rows.COLUMNS if c != "id"]
        differs = (
            f"({', '.join(f'e.{c}' for c in others)}) "
            f"IS DISTINCT FROM ({', '.join(f'd.{c}' for c in others)})"
        )
        queries = {
            # Table names are the backend's own constants, never user input.
            "missing": f"SELECT e.id FROM expected e LEFT JOIN {table} d USING (id) "  # nosec B608
            "WHERE d.id IS NULL",
            "extra": f"SELECT d.id FROM {table} d LEFT JOIN expected e USING (id) "  # nosec B608
            "WHERE e.id IS NULL",
            "stale": f"SELECT e.id FROM expected e JOIN {table} d USING (id) "  # nosec B608
            f"WHERE {differs}",
        }
        found = {}
        for name, sql in queries.items():
            cur.execute(sql)  # nosec B608 - checked table name
            found[name] = {r[0] for r in cur.fetchall()}
        drift = Drift(**found, statistics=schema.stale_statistics(cur, table))
        raw.rollback()
        return drift
    finally:
        raw.close()


def repair(engine: Engine, table: str) -> None:
    """Re-attach the triggers and the indexes, restore the generation row (raised,
    so every node drops its cached answers), recount the vocabulary and copy the
    narrow rows again, with writers held off meanwhile."""
    _vocab, state = schema.names(table)
    with engine.begin() as conn:
        conn.execute(text(f"LOCK TABLE {table} IN SHARE MODE"))
        for stmt in [*schema.triggers(table), *schema.indexes(table)]:
            conn.execute(text(stmt))
        conn.execute(text(f"DELETE FROM {state}"))  # nosec B608
        conn.execute(
            text(f"INSERT INTO {state} (generation) VALUES (:g)"),  # nosec B608
            {"g": time.time_ns()},
        )
        for stmt in schema.recount_vocabulary(table):
            conn.execute(text(stmt))
        for stmt in [*narrow.create(narrow.name(table)), *narrow.fill(narrow.name(table), table)]:
            conn.execute(text(stmt))
