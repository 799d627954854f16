"""The backend contract, on the Whoosh backend (the embedded default)."""

import pytest

from search.base import Document, Query, open_backend


def _doc(i: int, name: str, **kw) -> Document:
    values = {
        "id": f"product:{i}",
        "type": "product",
        "supplier_tax_code": "0100000001",
        "sku": f"S{i}",
        "name": name,
        "category": "WW-SLU",
        "top_category": "WW",
        "province": "Hà Nội",
        "origin": "VN",
        **kw,
    }
    return Document(**values)


@pytest.fixture
def backend(tmp_path):
    b = open_backend(f"whoosh:///{tmp_path / 'ix'}")
    b.rebuild(
        [
            _doc(1, "Máy ép bùn băng tải 1500 mm"),
            _doc(2, "Máy ép rác thủy lực", category="COL-CMP", top_category="COL"),
            _doc(
                3,
                "Bể tự hoại composite 1500 lít",
                category="WW-TNK",
                province="Bắc Ninh",
                origin="CN",
            ),
            _doc(4, "Hóa chất keo tụ PAC", description="hoá chất xử lý nước thải"),
        ]
    )
    yield b
    b.close()


def _ids(backend, text, **kw):
    return [h.id for h in backend.search(Query(text=text, **kw)).hits]


def test_query_without_diacritics_finds_vietnamese_text(backend):
    assert _ids(backend, "may ep bun")[0] == "product:1"


def test_old_and_new_tone_placement_are_equal(backend):
    assert "product:4" in _ids(backend, "hoá chất") and "product:4" in _ids(backend, "hóa chất")


def test_synonym_finds_the_trade_word(backend):
    assert _ids(backend, "hầm cầu")[0] == "product:3"
    assert _ids(backend, "septic tank")[0] == "product:3"


def test_units_written_differently_match(backend):
    assert _ids(backend, "bể tự hoại 1500L")[0] == "product:3"


def test_filters_and_facets(backend):
    results = backend.search(Query(text="", category="WW"))
    assert results.total == 3
    assert results.facets["province"] == {"Hà Nội": 2, "Bắc Ninh": 1}
    assert _ids(backend, "", province="Bắc Ninh") == ["product:3"]


def test_update_and_delete_are_visible_at_once(backend):
    backend.index([_doc(5, "Tháp hấp thụ khí thải", category="AIR-SCR", top_category="AIR")])
    assert _ids(backend, "thap hap thu") == ["product:5"]
    backend.delete(["product:5"])
    assert _ids(backend, "thap hap thu") == []


def test_all_ids_lists_the_index(backend):
    assert backend.all_ids() == {"product:1", "product:2", "product:3", "product:4"}
