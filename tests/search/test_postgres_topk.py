"""A query with many matches ranks only its head matches (those holding a query word
in a name) when a bound shows no other match can reach the page: the pages, facet
counts and totals are those of ranking every match, and the bound holds on every
stored row (search.postgres_topk)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, text

from search import fields as F
from search import postgres_facets, postgres_topk
from search.base import Document, Query
from search.postgres_backend import PostgresBackend
from search.postgres_rows import CLASSES, RANK_WEIGHTS, quote
from tests.search.backends import statements_of
from tests.search.test_backend_contract import CORPUS, _doc

WORDS = ["máy ép bùn", "bơm chìm", "bể lắng", "máy thổi khí", "thiết bị lọc", "xử lý nước thải"]
CATEGORIES = [("WW-SLU", "WW"), ("WW-PMP", "WW"), ("AIR-BLW", "AIR"), ("SVC-INS", "SVC")]


def _corpus() -> list[Document]:
    """Products naming a trade word, and products only describing it (in their
    description, specification or English name), of several qualities and
    categories, the service category among them."""
    rng = random.Random(3)  # nosec B311 - test data
    docs = []
    for i in range(1, 161):
        word, other = rng.sample(WORDS, 2)
        category, top = rng.choice(CATEGORIES)
        named = rng.random() < 0.4
        docs.append(
            _doc(
                i,
                f"{word} model {i}" if named else f"Thiết bị {other} {i}",
                description=f"{word} {other} " * rng.randint(1, 4),
                specs=f"{word} 5 kW" if rng.random() < 0.5 else "inox 304",
                name_en="Wastewater treatment unit" if rng.random() < 0.3 else "",
                category=category,
                top_category=top,
                local_content=rng.choice([None, 10, 60, 95]),
                verified=rng.random() < 0.6,
                supplier_tax_code=f"01000000{i % 9:02d}",
            )
        )
    return docs


DOCS = _corpus()
QUERIES = ["máy ép bùn", "bơm", "thiết bị", "xử lý nước thải", "wastewater treatment", "lọc"]


@pytest.fixture
def backend(pg_schema, monkeypatch):
    b = PostgresBackend(pg_schema, table="search_topk")
    with b.engine.begin() as conn:
        conn.exec_driver_sql(
            "DROP TABLE IF EXISTS search_topk, search_topk_vocabulary, search_topk_state"
        )
    b.create_tables()
    b.rebuild(list(DOCS))
    b.results_cache.size = 0
    b.facet_cache.size = 0
    yield b
    b.close()


def _page(backend: PostgresBackend, query: Query, head: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(postgres_topk, "HEAD_MIN", 0 if head else float("inf"))
    r = backend.search(query)
    return [(h.id, h.score) for h in r.hits], r.facets, r.total


def _statements(backend: PostgresBackend, query: Query) -> list[str]:
    return statements_of(backend, query)


@pytest.mark.parametrize("words", QUERIES)
@pytest.mark.parametrize("page", [1, 2])
@pytest.mark.parametrize("broad", [False, True])
def test_head_pages_are_the_pages_of_every_match(backend, monkeypatch, words, page, broad):
    # Both ways of counting facets (the matches, or the complement).
    monkeypatch.setattr("search.postgres_backend.BROAD", -1.0 if broad else 2.0)
    query = Query(text=words, page=page, per_page=4, per_supplier=0)
    whole = _page(backend, query, False, monkeypatch)
    assert whole[0], "the query must find a page"
    assert _page(backend, query, True, monkeypatch) == whole
    # With the facet counts cached, the page is read alone.
    backend.facet_cache.size = 64
    _page(backend, query, True, monkeypatch)
    assert _page(backend, query, True, monkeypatch) == whole


def test_the_head_alone_gives_the_page_when_the_bound_allows(backend, monkeypatch):
    monkeypatch.setattr(postgres_topk, "HEAD_MIN", 0)
    seen = _statements(backend, Query(text="máy ép bùn", per_page=4, per_supplier=0))
    ranked = [s for s in seen if "ts_rank" in s]
    assert len(ranked) == 1, "ranked once"
    assert "aq" in ranked[0], "the head matches only"


def test_a_page_the_bound_does_not_prove_is_ranked_from_every_match(backend, monkeypatch):
    query = Query(text="máy ép bùn", per_page=4, per_supplier=0)
    whole = _page(backend, query, False, monkeypatch)
    monkeypatch.setattr(postgres_topk, "bound", lambda *args: float("inf"))
    monkeypatch.setattr(postgres_topk, "HEAD_MIN", 0)
    seen = _statements(backend, query)
    assert [s for s in seen if "ts_rank" in s and "aq" not in s], "ranked again, whole"
    assert _page(backend, query, True, monkeypatch) == whole
    # Remembered: the next time it is ranked whole at once.
    assert all("aq" not in s for s in _statements(backend, query) if "ts_rank" in s)


@pytest.mark.parametrize("words", QUERIES)
def test_no_match_outside_the_head_reaches_the_bound(backend, monkeypatch, words):
    seen = {}

    def spy(conn, table, m, sort, empty, params, whole, head=False):  # type: ignore[no-untyped-def]
        seen.update(m=m, params=params)
        return page_and_facets(conn, table, m, sort, empty, params, whole, head)

    page_and_facets = postgres_facets.page_and_facets
    monkeypatch.setattr(postgres_topk, "HEAD_MIN", 0)
    monkeypatch.setattr(postgres_facets, "page_and_facets", spy)
    plans = []
    plan = postgres_topk.ranking.plan
    monkeypatch.setattr(
        postgres_topk.ranking, "plan", lambda *a, **k: plans.append(plan(*a, **k)) or plans[-1]
    )
    backend.search(Query(text=words, per_supplier=0))
    m, params = seen["m"], {**seen["params"], "aq": postgres_topk.head_tsquery(plans[-1])}
    with backend.engine.connect() as conn:
        others = f"FROM search_topk WHERE {m.cond} AND NOT ({postgres_topk.Q.HEAD})"
        outside = conn.scalar(text(f"SELECT max({m.score}) {others}"), params)
        limit = postgres_topk.page_bound(conn, "search_topk", plans[-1], backend.term_cache, 0)
    assert outside is not None, "some matches hold no query word in a name"
    assert float(outside) < limit


def test_each_kind_of_term_comes_from_the_fields_the_bound_assumes():
    for doc in [*DOCS, *CORPUS]:
        for term, field in F.index_terms(doc):
            assert field in postgres_topk.sources(term), (term, field)


def test_a_missing_quality_index_is_reported_and_repaired(backend):
    with backend.engine.begin() as conn:
        conn.execute(text("DROP INDEX search_topk_quality"))
    assert any("search_topk_quality" in s for s in backend.verify(DOCS).statistics)
    backend.repair_statistics()
    assert backend.verify(DOCS).statistics == []


def _orders(classes: list[str]) -> list[str]:
    """Position lists of a lexeme held in `classes` only: each class alone, and
    each lighter class first, then a heavier one (the orders that add most)."""
    weight = dict(zip("DCBA", range(4), strict=True))
    out = [f"{','.join(f'{p}{c}' for p in range(1, n + 1))}" for c in classes for n in (1, 3, 40)]
    for light in classes:
        for heavy in classes:
            if weight[light] < weight[heavy]:
                for k in (1, 2, 3, 4, 6, 9):
                    for r in (1, 2, 5, 30, 200):
                        pos = [f"{p}{light}" for p in range(1, k + 1)]
                        pos += [f"{p}{heavy}" for p in range(k + 1, k + r + 1)]
                        out.append(",".join(pos))
    return out


@pytest.mark.parametrize("term", ["inox", "~filter", "=bùn", "#sku1", "@thang long"])
def test_the_cap_bounds_what_a_term_held_in_no_name_adds(pg_schema, term):
    # A word in a specification (C) and then in the supplier's name (B) adds more
    # than B's weight: ts_rank weighs the first position of the heaviest class most.
    classes = sorted(
        {CLASSES[f] for f in postgres_topk.sources(term) if CLASSES[f] != postgres_topk.HEAD}
    )
    vectors = [f"{quote(term)}:{positions}" for positions in _orders(classes)]
    engine = create_engine(pg_schema)
    with engine.connect() as conn:
        most = conn.scalar(
            text(
                f"SELECT max(ts_rank(CAST('{RANK_WEIGHTS}' AS real[]), CAST(v AS tsvector), "
                "CAST(:q AS tsquery))) FROM unnest(CAST(:vs AS text[])) v"
            ),
            {"q": quote(term), "vs": vectors},
        )
    engine.dispose()
    assert most <= postgres_topk.cap(term) * (1 + 1e-6)
    if len(classes) > 1:
        assert most > max(postgres_topk._WEIGHTS[c] for c in classes), "lighter first adds more"
