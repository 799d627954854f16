"""The backend contract: the same behaviour from Whoosh (the embedded default) and
PostgreSQL full-text search. Every test runs on both."""

from __future__ import annotations

import pytest

from search import open_backend
from search.base import Document, Query
from search.postgres_backend import PostgresBackend
from tests.search.backends import built


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
        "created": 1_700_000_000 + i,
        **kw,
    }
    return Document(**values)


CORPUS = [
    _doc(1, "Máy ép bùn băng tải 1500 mm", local_content=80, price=500_000_000, verified=True),
    _doc(
        2,
        "Máy ép rác thủy lực",
        category="COL-CMP",
        top_category="COL",
        local_content=40,
        price=90_000_000,
        certifications=["ISO 9001"],
    ),
    _doc(
        3,
        "Bể tự hoại composite 1500 lít",
        category="WW-TNK",
        province="Bắc Ninh",
        commune="phường Kinh Bắc",
        origin="CN",
        local_content=5,
        supplier_tax_code="2300000002",
    ),
    _doc(4, "Hóa chất keo tụ PAC", description="hoá chất xử lý nước thải", price=2_000_000),
    _doc(
        5,
        "Bơm chìm nước thải",
        name_en="Submersible wastewater pump",
        description_en="Pumps raw sewage",
        category="WW-PMP",
    ),
]


@pytest.fixture(params=["whoosh", "postgresql"])
def backend(request, tmp_path):
    b = built(request, tmp_path, "search_contract", CORPUS)
    yield b
    b.close()


def _ids(backend, text="", **kw):
    return [h.id for h in backend.search(Query(text=text, **kw)).hits]


def test_query_without_diacritics_finds_vietnamese_text(backend):
    assert _ids(backend, "may ep bun")[0] == "product:1"


def test_old_and_new_tone_placement_are_equal(backend):
    assert "product:4" in _ids(backend, "hoá chất") and "product:4" in _ids(backend, "hóa chất")


def test_synonyms_and_abbreviations_find_the_trade_word(backend):
    assert _ids(backend, "hầm cầu")[0] == "product:3"
    assert _ids(backend, "septic tank")[0] == "product:3"
    assert "product:4" in _ids(backend, "XLNT")


def test_english_words_are_stemmed(backend):
    assert _ids(backend, "pump")[0] == "product:5"
    assert _ids(backend, "pumping sewage")[0] == "product:5"


def test_units_written_differently_match(backend):
    assert _ids(backend, "bể tự hoại 1500L")[0] == "product:3"
    assert _ids(backend, "be tu hoai 1.500 lit")[0] == "product:3"


def test_name_outweighs_description(backend):
    # "nước thải" is in product 5's name and only in product 4's description.
    assert _ids(backend, "nước thải")[:2] == ["product:5", "product:4"]


def test_a_misspelt_word_is_corrected_and_suggested(backend):
    results = backend.search(Query(text="may ep bunn"))
    assert results.hits[0].id == "product:1"
    assert results.suggestion == "may ep bun"


def test_a_word_found_nowhere_does_not_empty_the_results(backend):
    assert _ids(backend, "máy ép bùn qwxzv")[0] == "product:1"


def test_nothing_found_is_an_empty_result(backend):
    results = backend.search(Query(text="qwxzv"))
    assert results.total == 0 and results.hits == []


def test_filters_and_facets(backend):
    results = backend.search(Query(text="", category="WW"))
    assert results.total == 4
    assert results.facets["province"] == {"Hà Nội": 3, "Bắc Ninh": 1}
    assert results.facets["made_in"] == {"VN": 3, "imported": 1}
    assert results.facets["category"] == {"WW-SLU": 2, "WW-TNK": 1, "WW-PMP": 1}
    assert _ids(backend, "", province="Bắc Ninh") == ["product:3"]
    assert _ids(backend, "", filters={"commune": "phường Kinh Bắc"}) == ["product:3"]
    assert _ids(backend, "", filters={"cert": "ISO 9001"}) == ["product:2"]
    assert _ids(backend, "", filters={"lc_band": "60-100"}) == ["product:1"]
    assert _ids(backend, "", filters={"verified": "yes"}) == ["product:1"]
    assert _ids(backend, "may", filters={"made_in": "VN"}, category="COL") == ["product:2"]


def test_sort_orders(backend):
    assert _ids(backend, "")[0] == "product:5"  # no text: newest first
    assert _ids(backend, "", sort="local_content")[:3] == ["product:1", "product:2", "product:3"]
    assert _ids(backend, "", sort="price")[:3] == ["product:4", "product:2", "product:1"]
    assert _ids(backend, "", sort="newest")[-1] == "product:1"


def test_pages_and_total(backend):
    first = backend.search(Query(text="", per_page=2, page=1))
    third = backend.search(Query(text="", per_page=2, page=3))
    assert first.total == third.total == 5
    assert len(first.hits) == 2 and len(third.hits) == 1


def test_one_supplier_cannot_fill_the_first_page(backend):
    backend.index(
        [
            _doc(
                10 + i,
                f"Máy ép bùn khung bản {i}",
                description="máy ép bùn",
                supplier_tax_code="0100000009",
            )
            for i in range(6)
        ]
        + [_doc(20, "Máy ép bùn trục vít", supplier_tax_code="0100000010")]
    )
    hits = backend.search(Query(text="máy ép bùn", per_page=5, per_supplier=2)).hits
    # Every supplier's best products come before the big supplier's third one.
    assert {"product:1", "product:20"} <= {h.id for h in hits}
    assert [h.supplier for h in hits[:4]].count("0100000009") == 2
    undiversified = backend.search(Query(text="máy ép bùn", per_page=5, per_supplier=0)).hits
    assert [h.supplier for h in undiversified].count("0100000009") >= 4


def test_update_and_delete_are_visible_at_once(backend):
    backend.index([_doc(6, "Tháp hấp thụ khí thải", category="AIR-SCR", top_category="AIR")])
    assert _ids(backend, "thap hap thu") == ["product:6"]
    backend.index([_doc(6, "Tháp rửa khí", category="AIR-SCR", top_category="AIR")])
    assert _ids(backend, "thap hap thu") == [] or _ids(backend, "thap hap thu") == ["product:6"]
    assert _ids(backend, "thap rua khi") == ["product:6"]
    backend.delete(["product:6"])
    assert _ids(backend, "thap rua khi") == []


def _second_node(backend):
    """Another process's (another web node's) backend object on the same index."""
    if isinstance(backend, PostgresBackend):
        return PostgresBackend(str(backend.engine.url.render_as_string(False)), backend.table)
    return open_backend(f"whoosh:///{backend.path}")


def test_a_change_by_another_node_is_visible_to_the_next_search(backend):
    assert _ids(backend, "thap hap thu") == []  # answered, and cached where there is a cache
    assert backend.search(Query(text="bể tự hoại")).total == 1
    other = _second_node(backend)
    try:
        other.index([_doc(6, "Tháp hấp thụ khí thải", category="AIR-SCR", top_category="AIR")])
        other.delete(["product:3"])
    finally:
        other.close()
    assert _ids(backend, "thap hap thu") == ["product:6"]
    assert backend.search(Query(text="bể tự hoại")).total == 0


def test_rebuild_replaces_every_document(backend):
    backend.rebuild([_doc(7, "Lò đốt rác y tế", category="HAZ", top_category="HAZ")])
    assert backend.all_ids() == {"product:7"}
    assert _ids(backend, "lo dot") == ["product:7"]


def test_suggestions_complete_the_last_word(backend):
    assert backend.suggest("may ep bu") == ["Máy ép bùn băng tải 1500 mm"]
    assert backend.suggest("bể tự ho") == ["Bể tự hoại composite 1500 lít"]
    assert backend.suggest("b") == []  # one letter is too little to suggest from


def test_all_ids_lists_the_index(backend):
    assert backend.all_ids() == {f"product:{i}" for i in range(1, 6)}


def test_a_place_in_the_query_favours_suppliers_located_there(backend):
    backend.index([_doc(8, "Bể tự hoại nhựa PP", origin="VN")])
    assert _ids(backend, "bể tự hoại Bắc Ninh")[0] == "product:3"
    assert _ids(backend, "bể tự hoại Hà Nội")[0] == "product:8"
    # A place alone finds that place; with other words it never matches on its own.
    assert _ids(backend, "Bắc Ninh") == ["product:3"]
    assert "product:1" not in _ids(backend, "bể tự hoại Hà Nội")


def test_a_misspelt_word_still_completes_a_synonym_phrase(backend):
    backend.index(
        [
            _doc(11, "Xe ép rác thùng kín 14 khối", category="COL-TRK", top_category="COL"),
            _doc(12, "Xe tải thùng", name_en="Dump truck", category="COL-TRK", top_category="COL"),
        ]
    )
    # "truk" -> "truck" makes "refuse compactor truck", a synonym of "xe ép rác".
    res = backend.search(Query(text="refuse compactor truk"))
    assert [h.id for h in res.hits][:1] == ["product:11"]
    assert res.suggestion == "refuse compactor truck"


def test_a_document_with_every_query_word_ranks_above_one_with_most(backend):
    backend.index(
        [
            _doc(13, "Quạt hút", specs="vật liệu: inox 304", category="AIR-FAN"),
            _doc(
                14,
                "Quạt hút công nghiệp, quạt hút ly tâm",
                description="Quạt hút công suất lớn. Quạt hút chạy êm.",
                category="AIR-FAN",
            ),
        ]
    )
    assert _ids(backend, "quạt hút inox")[:2] == ["product:13", "product:14"]


def test_two_words_must_both_match_unless_that_finds_too_little(backend):
    backend.index(
        [_doc(20 + i, f"Bơm chìm inox model BC-{i}", category="WW-PMP") for i in range(10)]
        + [_doc(30, "Bơm định lượng hóa chất", category="WW-PMP")]
    )
    both = backend.search(Query(text="bơm chìm", per_page=50))
    assert both.total == 11  # ten new ones and CORPUS's "Bơm chìm nước thải"
    assert "product:30" not in {h.id for h in both.hits}
    # No product is both "bơm" and "composite": either will do.
    either = backend.search(Query(text="bơm composite", per_page=50))
    assert {"product:3", "product:30"} <= {h.id for h in either.hits}


def test_suppliers_and_products_are_searched_apart(backend):
    backend.index(
        [
            _doc(
                40,
                "Công ty TNHH Thiết bị Môi trường Hà Nam",
                type="supplier",
                id="supplier:7",
                category_text="Máy ép bùn Sludge dewatering",
            )
        ]
    )
    products = backend.search(Query(text="máy ép bùn"))
    assert "supplier:7" not in {h.id for h in products.hits}
    assert products.total == 1 and sum(products.facets["top_category"].values()) == 1
    suppliers = backend.search(Query(text="máy ép bùn", type="supplier"))
    assert [h.id for h in suppliers.hits] == ["supplier:7"] and suppliers.total == 1
    assert _ids(backend, "Hà Nam", type="supplier") == ["supplier:7"]


def test_an_index_whose_documents_were_all_deleted_answers_empty(backend):
    backend.delete([f"product:{i}" for i in range(1, 6)])
    res = backend.search(Query(text="máy ép bùn"))
    assert (res.total, res.hits) == (0, [])


def test_supplier_documents_do_not_change_how_products_score(backend):
    before = [(h.id, round(h.score, 4)) for h in backend.search(Query(text="máy ép bùn")).hits]
    backend.index(
        [
            _doc(
                50 + i,
                f"Công ty Máy ép bùn số {i}",
                type="supplier",
                id=f"supplier:{50 + i}",
                description="Máy ép bùn, máy ép bùn băng tải, máy ép bùn khung bản " * 5,
            )
            for i in range(5)
        ]
    )
    after = [(h.id, round(h.score, 4)) for h in backend.search(Query(text="máy ép bùn")).hits]
    assert after == before
