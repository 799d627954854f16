"""The Whoosh backend's answer cache: a repeated query is not scored again, callers
cannot change a cached answer, and every commit (a save, a deletion, a rebuild, by
this process or another) is seen by the next search."""

from __future__ import annotations

import pytest

from search import open_backend, whoosh_scoring
from search.base import Query
from search.whoosh_backend import WhooshBackend
from tests.search.test_backend_contract import CORPUS, _doc


@pytest.fixture
def backend(tmp_path):
    b = open_backend(f"whoosh:///{tmp_path / 'ix'}")
    assert isinstance(b, WhooshBackend)
    b.rebuild(list(CORPUS))
    yield b
    b.close()


@pytest.fixture
def runs(monkeypatch):
    calls: list[Query] = []
    real = whoosh_scoring.run

    def counted(cache, view, query, plan):  # type: ignore[no-untyped-def]
        calls.append(query)
        return real(cache, view, query, plan)

    monkeypatch.setattr(whoosh_scoring, "run", counted)
    return calls


def test_a_repeated_query_is_answered_from_the_cache(backend, runs):
    first = backend.search(Query(text="máy ép bùn"))
    assert len(runs) == 1
    again = backend.search(Query(text="máy ép bùn"))
    assert len(runs) == 1
    assert again == first
    # Anything that changes the answer is part of the key.
    for other in (
        Query(text="máy ép bùn", page=2),
        Query(text="máy ép bùn", filters={"made_in": "VN"}),
        Query(text="máy ép bùn", category="WW"),
        Query(text="máy ép bùn", sort="price"),
        Query(text="máy ép bùn", per_page=3),
        Query(text="máy ép bùn", per_supplier=0),
        Query(text="máy ép bùn", province="Hà Nội"),
        Query(text="máy ép"),
    ):
        before = len(runs)
        backend.search(other)
        assert len(runs) > before, other


def test_a_cached_answer_cannot_be_changed_by_its_caller(backend):
    res = backend.search(Query(text="máy ép"))
    res.hits.clear()
    res.facets["top_category"].clear()
    res.ignored.append("x")
    again = backend.search(Query(text="máy ép"))
    assert again.hits and again.facets["top_category"] and "x" not in again.ignored


def test_every_write_empties_the_cache(backend):
    assert backend.search(Query(text="máy ép bùn")).total == 1
    backend.index([_doc(9, "Máy ép bùn khung bản")])
    assert backend.search(Query(text="máy ép bùn")).total == 2
    backend.delete(["product:9"])
    assert backend.search(Query(text="máy ép bùn")).total == 1
    backend.rebuild([_doc(10, "Lò đốt rác")])
    assert backend.search(Query(text="máy ép bùn")).total == 0


def test_a_write_by_another_process_empties_the_cache(backend):
    assert backend.search(Query(text="máy ép bùn")).total == 1
    other = open_backend(f"whoosh:///{backend.path}")
    try:
        other.index([_doc(9, "Máy ép bùn khung bản")])
    finally:
        other.close()
    assert backend.search(Query(text="máy ép bùn")).total == 2


def test_a_cache_of_size_zero_computes_every_answer(backend, runs):
    backend.results_cache.size = 0
    backend.search(Query(text="máy ép bùn"))
    backend.search(Query(text="máy ép bùn"))
    assert len(runs) == 2
