"""Long id lists go to the database in chunks: one statement's parameters are
capped (65,535 for PostgreSQL's driver), and an import of more than 65k products
once silently missed the index."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from search.base import CHUNK, Document, Query, chunked
from search.postgres_backend import PostgresBackend

MANY = 70_000  # over the driver's 65,535 parameters


def test_chunked_keeps_every_item_in_order():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    parts = list(chunked(iter(range(MANY))))
    assert max(len(p) for p in parts) == CHUNK
    assert [i for p in parts for i in p] == list(range(MANY))


def _tiny(i: int) -> Document:
    return Document(
        id=f"product:{i}",
        type="product",
        supplier_tax_code="0100000001",
        sku=None,
        name=f"Van {i}",
        category="WW-PMP",
        top_category="WW",
        province="Hà Nội",
        origin="VN",
    )


@pytest.fixture
def backend(pg_schema):
    b = PostgresBackend(pg_schema, table="search_many")
    with b.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS search_many, search_many_vocabulary")
        conn.exec_driver_sql("DROP TABLE IF EXISTS search_many_state")
    b.create_tables()
    yield b
    b.close()


def test_more_than_65535_documents_are_indexed_and_deleted_on_postgresql(backend):
    params: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        rows = parameters if executemany else [parameters]
        params.append(max((len(p) for p in rows if p), default=0))

    event.listen(backend.engine, "before_cursor_execute", count)
    docs = [_tiny(i) for i in range(MANY)]
    backend.index(docs)
    assert backend.search(Query(text="van")).total == MANY
    assert len(backend.all_ids()) == MANY
    backend.delete([d.id for d in docs[1:]])
    assert [h.id for h in backend.search(Query(text="van")).hits] == ["product:0"]
    assert backend.search(Query(text="van")).total == 1
    event.remove(backend.engine, "before_cursor_execute", count)
    assert max(params) < 65_535
