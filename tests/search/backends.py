"""Backends over a small corpus for tests that check both engines."""

from __future__ import annotations

from pathlib import Path

from search import open_backend
from search.base import Document, Query, SearchBackend
from search.postgres_backend import PostgresBackend


def fresh_postgres(url: str, table: str) -> PostgresBackend:
    """A PostgreSQL backend on its own empty tables (`table`, its vocabulary and state)."""
    backend = PostgresBackend(url, table=table)
    with backend.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}, {table}_vocabulary, {table}_state")
    backend.create_tables()
    return backend


def built(request, tmp_path: Path, table: str, docs: list[Document]) -> SearchBackend:  # type: ignore[no-untyped-def]
    """The backend `request.param` names ("whoosh" or "postgresql") holding `docs`."""
    if request.param == "whoosh":
        backend: SearchBackend = open_backend(f"whoosh:///{tmp_path / 'ix'}")
    else:
        backend = fresh_postgres(request.getfixturevalue("pg_schema"), table)
    backend.rebuild(list(docs))
    return backend


def statements_of(backend: PostgresBackend, query: Query) -> list[str]:
    """The SQL statements one search of a PostgreSQL backend sends, in order."""
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(backend.engine, "before_cursor_execute", record)
    try:
        backend.search(query)
    finally:
        event.remove(backend.engine, "before_cursor_execute", record)
    return seen
