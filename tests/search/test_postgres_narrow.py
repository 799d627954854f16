"""The narrow rows of the PostgreSQL backend (every column of the documents but
their terms, search.postgres_narrow): searches reading no terms answer from them,
exactly as from the documents, and every writer keeps them in step."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from search import postgres_narrow
from search.base import Query
from search.postgres_backend import PostgresBackend
from tests.search.backends import statements_of
from tests.search.test_backend_contract import CORPUS, _doc

TABLE = "search_slim"


@pytest.fixture
def backend(pg_schema):
    b = PostgresBackend(pg_schema, table=TABLE)
    b.create_tables()
    b.rebuild(list(CORPUS))
    b.results_cache.size = 0
    b.facet_cache.size = 0
    yield b
    b.close()


def _drift(backend: PostgresBackend) -> int:
    with backend.engine.connect() as conn:
        return int(conn.scalar(text(postgres_narrow.drift_sql(TABLE))))


def _scans(backend: PostgresBackend, query: Query) -> list[str]:
    """The statements of a search that read rows (not the planner's estimates)."""
    seen = statements_of(backend, query)
    return [s for s in seen if "GROUP BY" in s or "ORDER BY" in s and "LIMIT :" in s]


NO_TERMS = [
    Query(text=""),
    Query(text="", filters={"category": "WW"}),
    Query(text="", filters={"category": "COL"}, sort="price"),
    Query(text="", sort="local_content", per_page=2, page=2),
    Query(text="", type="supplier"),
    Query(text="Hà Nội"),  # a place alone
]


@pytest.mark.parametrize("query", NO_TERMS, ids=repr)
def test_a_search_reading_no_terms_answers_from_the_narrow_rows(backend, query):
    scans = _scans(backend, query)
    assert scans, "the page and facets were read"
    assert all(f"FROM {TABLE}_narrow" in s and "terms" not in s for s in scans), scans


@pytest.mark.parametrize("query", NO_TERMS, ids=repr)
def test_the_narrow_rows_answer_as_the_documents_do(backend, monkeypatch, query):
    narrow = backend.search(query)
    monkeypatch.setattr(backend, "narrow_table", TABLE)
    backend.catalogue_cache.clear()
    whole = backend.search(query)
    assert (narrow.total, narrow.facets) == (whole.total, whole.facets)
    assert [(h.id, h.score) for h in narrow.hits] == [(h.id, h.score) for h in whole.hits]


def test_a_text_search_still_reads_the_terms(backend):
    assert all("terms" in s for s in _scans(backend, Query(text="máy ép bùn")))


WRITES = [
    # A node writing documents its own way, and hand-written statements.
    f"INSERT INTO {TABLE} SELECT * FROM {TABLE} WHERE id = 'product:1' "
    "ON CONFLICT (id) DO UPDATE SET price = 7, certs = '{ISO 14001}'",
    f"UPDATE {TABLE} SET id = 'product:99', province = 'Bắc Ninh' WHERE id = 'product:2'",
    f"UPDATE {TABLE} SET verified = 'no'",
    f"DELETE FROM {TABLE} WHERE id = 'product:3'",
    f"TRUNCATE {TABLE}",
]


def test_every_writer_keeps_the_narrow_rows_in_step(backend):
    backend.index([_doc(50, "Máy thổi khí", category="AIR-BLW", top_category="AIR")])
    assert _drift(backend) == 0
    backend.delete(["product:50"])
    assert _drift(backend) == 0
    for sql in WRITES:
        with backend.engine.begin() as conn:
            conn.execute(text(sql))
        assert _drift(backend) == 0, sql
    backend.rebuild(list(CORPUS))
    assert _drift(backend) == 0
    assert backend.all_ids() == {d.id for d in CORPUS}


def test_narrow_rows_that_differ_are_reported_and_recopied(backend):
    with backend.engine.begin() as conn:
        conn.execute(text(f"UPDATE {TABLE}_narrow SET category = 'AIR' WHERE id = 'product:1'"))
        conn.execute(text(f"DELETE FROM {TABLE}_narrow WHERE id = 'product:2'"))
    assert any("2 rows differ" in s for s in backend.verify(CORPUS).statistics)
    backend.repair_statistics()
    assert backend.verify(CORPUS).clean


def test_the_narrow_columns_are_those_of_the_documents_but_the_terms(backend):
    sql = (
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = :t ORDER BY ordinal_position"
    )
    with backend.engine.connect() as conn:
        documents = [tuple(r) for r in conn.execute(text(sql), {"t": TABLE})]
        narrow = [tuple(r) for r in conn.execute(text(sql), {"t": f"{TABLE}_narrow"})]
    assert narrow == [c for c in documents if c[0] != "terms"]
    assert [c[0] for c in narrow] == list(postgres_narrow.COLUMNS)
