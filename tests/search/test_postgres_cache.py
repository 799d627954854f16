"""The PostgreSQL backend's answer cache: repeated queries cost one lookup, and any
change to the search table, by any client, invalidates it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from search.base import Query
from search.postgres_backend import PostgresBackend
from tests.search.backends import fresh_postgres, statements_of
from tests.search.test_backend_contract import CORPUS, _doc


@pytest.fixture
def backend(pg_schema):
    b = fresh_postgres(pg_schema, "search_cache")
    b.rebuild(list(CORPUS))
    yield b
    b.close()


def _statements(backend: PostgresBackend, query: Query) -> list[str]:
    return statements_of(backend, query)


def test_a_repeated_query_is_answered_from_the_cache(backend):
    first = _statements(backend, Query(text="máy ép bùn"))
    again = _statements(backend, Query(text="máy ép bùn"))
    assert len(first) > 2
    assert len(again) == 1 and "generation" in again[0]
    # Another page of the same query reuses the facet counts.
    page2 = _statements(backend, Query(text="máy ép bùn", page=2))
    assert not any("GROUP BY" in s for s in page2)


def test_a_cached_answer_cannot_be_changed_by_its_caller(backend):
    res = backend.search(Query(text="máy ép"))
    res.hits.clear()
    res.facets["top_category"].clear()
    again = backend.search(Query(text="máy ép"))
    assert again.hits and again.facets["top_category"]


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM search_cache WHERE id = 'product:1'",
        "UPDATE search_cache SET province = 'Hải Phòng' WHERE id = 'product:1'",
        "TRUNCATE search_cache",
    ],
)
def test_a_change_made_outside_the_backend_is_seen(backend, change):
    before = backend.search(Query(text="máy ép bùn"))
    assert before.hits[0].id == "product:1"
    assert before.facets["province"] == {"Hà Nội": 1}
    with backend.engine.begin() as conn:
        conn.execute(text(change))
    after = backend.search(Query(text="máy ép bùn"))
    assert after.facets["province"] != before.facets["province"]


def test_writes_through_the_backend_invalidate_the_cache(backend):
    assert backend.search(Query(text="máy ép bùn")).total == 1
    backend.index([_doc(9, "Máy ép bùn khung bản")])
    assert backend.search(Query(text="máy ép bùn")).total == 2
    backend.rebuild([_doc(10, "Lò đốt rác")])
    assert backend.search(Query(text="máy ép bùn")).total == 0
