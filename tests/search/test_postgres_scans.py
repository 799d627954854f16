"""What an uncached PostgreSQL search costs: the matches are scanned once for the
page and the facet counts together, the category factors read a column rather
than the wide `terms` vector, and a query matching most of the catalogue counts
its facets over the documents it does not match (exactly: the same counts)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from search import postgres_backend, postgres_queries
from search.base import Query, Results
from search.postgres_backend import PostgresBackend
from tests.search.test_backend_contract import CORPUS, _doc


@pytest.fixture
def backend(pg_schema):
    b = PostgresBackend(pg_schema, table="search_scans")
    with b.engine.begin() as conn:
        conn.exec_driver_sql(
            "DROP TABLE IF EXISTS search_scans, search_scans_vocabulary, search_scans_state"
        )
    b.create_tables()
    b.rebuild(list(CORPUS))
    b.results_cache.size = 0
    yield b
    b.close()


def _search(backend: PostgresBackend, query: Query) -> tuple[list[str], Results]:
    """The statements a search runs, and its results."""
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(backend.engine, "before_cursor_execute", record)
    try:
        return seen, backend.search(query)
    finally:
        event.remove(backend.engine, "before_cursor_execute", record)


def _statements(backend: PostgresBackend, query: Query) -> list[str]:
    """The statements a search runs (estimates left out: they read no rows)."""
    return [s for s in _search(backend, query)[0] if not s.startswith("EXPLAIN")]


def test_an_uncached_search_scans_its_matches_once(backend):
    seen = _statements(backend, Query(text="máy ép bùn"))
    assert sum("AS tsquery)" in s and "search_scans " in s and "mq" in s for s in seen) == 1


def test_the_category_factors_read_the_top_category_column(backend):
    # Every query not asking for a service holds the service factor, "bùn" the
    # wastewater one; one word has no phrase factor (those search the terms).
    seen = _statements(backend, Query(text="bùn"))
    scan = next(s for s in seen if "mq" in s)
    assert "lower(top_category) =" in scan
    assert "@@ CAST(%(x" not in scan


@pytest.mark.parametrize("sort", ["relevance", "price", "newest", "local_content"])
def test_a_page_read_with_its_facets_equals_the_page_read_alone(backend, sort):
    first = backend.search(Query(text="máy", sort=sort, per_page=2))
    # Now the facet counts are cached: the page is read by itself.
    again = backend.search(Query(text="máy", sort=sort, per_page=2))
    assert [h.id for h in again.hits] == [h.id for h in first.hits]
    assert [h.score for h in again.hits] == pytest.approx([h.score for h in first.hits])
    assert again.facets == first.facets and again.total == first.total
    whole = backend.search(Query(text="máy", sort=sort, per_page=50))
    assert [h.id for h in whole.hits][:2] == [h.id for h in first.hits]


QUERIES = ["máy", "máy ép bùn", "bơm", "xử lý nước thải", "Hà Nội", "bể"]


@pytest.mark.parametrize("text", QUERIES)
def test_broad_queries_count_facets_from_the_complement_exactly(backend, monkeypatch, text):
    monkeypatch.setattr(postgres_backend, "BROAD", 2.0)  # never: count the matches
    direct = backend.search(Query(text=text))
    backend.facet_cache.clear()
    monkeypatch.setattr(postgres_backend, "BROAD", -1.0)  # always: count the others
    seen, again = _search(backend, Query(text=text))
    assert any("score IS NULL" in s for s in seen)
    assert again.facets == direct.facets and again.total == direct.total
    assert [(h.id, h.score) for h in again.hits] == [(h.id, h.score) for h in direct.hits]


def test_the_complement_is_not_used_with_a_filter(backend, monkeypatch):
    monkeypatch.setattr(postgres_backend, "BROAD", -1.0)
    seen = _statements(backend, Query(text="máy", category="WW"))
    assert not any("score IS NULL" in s for s in seen)


def test_the_counts_of_a_type_follow_the_generation(backend, monkeypatch):
    monkeypatch.setattr(postgres_backend, "BROAD", -1.0)
    before = backend.search(Query(text="máy")).total
    backend.index([_doc(30, "Máy thổi khí con sò")])
    assert backend.search(Query(text="máy")).total == before + 1


def test_a_write_during_a_broad_search_does_not_skew_its_counts(backend, monkeypatch):
    monkeypatch.setattr(postgres_backend, "BROAD", -1.0)
    counts = backend._catalogue

    def counts_then_a_write(conn, m, generation):  # type: ignore[no-untyped-def]
        stale = counts(conn, m, generation)
        backend.index([_doc(31, "Bơm chìm nước thải")])  # another node's write, meanwhile
        return stale

    monkeypatch.setattr(backend, "_catalogue", counts_then_a_write)
    raced = backend.search(Query(text="bơm"))
    monkeypatch.setattr(postgres_backend, "BROAD", 2.0)
    backend.facet_cache.clear()
    direct = backend.search(Query(text="bơm"))
    assert raced.facets == direct.facets and raced.total == direct.total


@pytest.mark.parametrize("probe", [0, 1, 256])
def test_whether_a_term_is_indexed_is_answered_past_the_first_rows(backend, monkeypatch, probe):
    # The first rows are tried, then the index: both must give the same answers.
    monkeypatch.setattr(postgres_backend, "KNOWN_PROBE", probe)
    supplier = _doc(40, "Công ty Zyxwv", type="supplier")
    backend.index([_doc(41, "Bể lắng lamella zqvat"), supplier])
    with backend.engine.connect() as conn:
        assert backend._known(conn, "zqvat", "product")
        assert backend._known(conn, "may", "product")
        assert not backend._known(conn, "zyxwv", "product")  # a supplier's word only
        assert backend._known(conn, "zyxwv", "supplier")
        assert not backend._known(conn, "@khong_co_san_pham", "product")
        # The planner's settings are left as they were for the search's own statements.
        assert conn.scalar(text("SHOW enable_seqscan")) == "on"


def test_a_search_checks_each_term_once(backend):
    asked: list[str] = []

    def record(conn, cursor, statement, params, *args) -> None:  # type: ignore[no-untyped-def]
        if "EXISTS" in statement and "LIMIT" in statement:
            asked.append(params["q"])

    event.listen(backend.engine, "before_cursor_execute", record)
    try:
        backend.search(Query(text="lò đốt rác"))  # the plan asks about lo, dot, rac twice
    finally:
        event.remove(backend.engine, "before_cursor_execute", record)
    assert "'lo'" in asked and len(asked) == len(set(asked))


def test_the_places_read_pair_by_pair_are_the_distinct_places(backend):
    backend.index(
        [
            _doc(50, "Bồn chứa", province="Bắc Ninh", commune=""),
            _doc(51, "Bồn chứa", province="Bắc Ninh", commune="phường Kinh Bắc"),
            _doc(52, "Bồn chứa", province="An Giang", commune="phường Mỹ Bình"),
        ]
    )
    with backend.engine.connect() as conn:
        read = conn.execute(text(postgres_queries.places_sql("search_scans"))).all()
        every = conn.execute(text("SELECT DISTINCT province, commune FROM search_scans")).all()
    assert len(read) == len(set(read)) and set(read) == set(every)
    assert ("An Giang", "phường Mỹ Bình") in set(read)
