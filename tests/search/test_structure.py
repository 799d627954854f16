"""The search package's structure: the contract and the shared analysis load no
backend, backends are found by URL scheme, and both share one stemmer and one
cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import search
from search import open_backend
from search.lru import LRU
from search.stemming import english_stem, query_stems

pytestmark = pytest.mark.engine_independent


def _modules_after(statement: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{statement}; import sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_the_contract_and_the_shared_analysis_load_no_backend():
    loaded = _modules_after(
        "import search.base, search.analysis, search.fields, search.ranking, "
        "search.highlight, search.folding"
    )
    assert not {m for m in loaded if m == "whoosh" or m.startswith("whoosh.")}
    assert "search.whoosh_backend" not in loaded
    assert "search.postgres_backend" not in loaded


def test_opening_a_whoosh_index_loads_no_database_driver(tmp_path):
    loaded = _modules_after(f"import search; search.open_backend('whoosh:///{tmp_path}/ix')")
    assert "search.postgres_backend" not in loaded
    assert "psycopg" not in loaded


def test_an_unknown_scheme_is_refused_naming_the_supported_ones():
    with pytest.raises(ValueError, match="whoosh:///path"):
        open_backend("elasticsearch://localhost:9200")
    with pytest.raises(ValueError):
        open_backend("/var/index")


def test_a_backend_registers_its_own_scheme(monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(search, "_FACTORIES", dict(search._FACTORIES))
    search.register(("memory",), lambda url: opened.append(url) or "backend")  # type: ignore[arg-type,func-returns-value]
    assert open_backend("memory://test") == "backend"
    assert opened == ["memory://test"]


def test_english_words_of_one_family_share_a_stem():
    # An English query finds the inflected forms product texts use.
    assert english_stem("pumps") == english_stem("pumping") == english_stem("pump")
    assert english_stem("filters") == english_stem("filtering") == "filter"
    assert english_stem("dewatering") == english_stem("dewatered")


def test_numbers_have_no_stem():
    assert query_stems(("pumps", "500m3")) == ["pump", None]


def test_the_cache_keeps_the_most_recently_used_within_its_size():
    cache: LRU[tuple[np.ndarray, np.ndarray]] = LRU(100, weigh=lambda v: v[0].nbytes + v[1].nbytes)
    postings = (np.zeros(5, np.int64), np.zeros(5, np.float32))  # 60 bytes
    cache.put("a", postings)
    cache.put("b", postings)
    assert cache.get("a") is None and cache.get("b") is postings
    assert cache.weight == 60
    # The newest entry stays even when it alone is over the size.
    big = (np.zeros(50, np.int64), np.zeros(50, np.float32))
    cache.put("c", big)
    assert len(cache) == 1 and cache.get("c") is big


def test_a_cache_of_size_zero_keeps_nothing():
    cache: LRU[str] = LRU(0)
    assert cache.get_or_load("q", lambda: "answer") == "answer"
    assert cache.get("q") is None
