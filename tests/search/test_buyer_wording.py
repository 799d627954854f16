"""Buyer wording, codes, names, numbers, service-or-equipment and category intent: the
same behaviour from both backends (issue 12). Each test names the rule it checks."""

from __future__ import annotations

import pytest

from search import intent, ranking
from search.base import Document, Query
from tests.search.backends import built

WATER = "0101000001"  # Công ty TNHH Xử lý Nước Tây Hồ (a registered name holding a place)
TRUCKS = "0102000002"
SERVICES = "0103000003-002"  # a branch


def _doc(i: int, name: str, supplier: str = TRUCKS, **kw) -> Document:
    names = {
        WATER: ("Công ty TNHH Xử lý Nước Tây Hồ", "Tay Ho Water Treatment Co., Ltd."),
        TRUCKS: ("Công ty Cổ phần Ô tô Chuyên dùng Việt Phúc", ""),
        SERVICES: ("Chi nhánh Công ty TNHH Môi trường Sông Hồng", ""),
    }[supplier]
    values = {
        "id": f"product:{i}",
        "type": "product",
        "supplier_tax_code": supplier,
        "sku": f"S-{i}",
        "name": name,
        "category": "WW",
        "top_category": "WW",
        "province": "Hà Nội",
        "commune": "phường Tây Hồ" if supplier == WATER else "xã Gia Lâm",
        "origin": "VN",
        "supplier_name": names[0],
        "supplier_name_en": names[1],
        "supplier_text": " ".join(names) + " Hà Nội",
        "description": "Sản xuất tại Việt Nam.",
        "created": 1_700_000_000 + i,
        **kw,
    }
    return Document(**values)


COL = {"category": "COL", "top_category": "COL"}
CORPUS = [
    _doc(1, "Xe ép rác Hino 9 khối, xe ép rác kín", specs="dung tích: 9 m3", **COL),
    _doc(2, "Xe cuốn ép rác 14 khối", specs="dung tích: 14 m3", **COL),
    _doc(3, "Xe hút bể phốt 10 khối", specs="dung tích: 10 m3", **COL),
    _doc(4, "Bồn chứa biogas 10 m3", category="WTE", top_category="WTE"),
    _doc(5, "Thùng rác nhựa HDPE 240 lít", specs="dung tích: 240 lít", **COL),
    _doc(6, "Bơm định lượng hóa chất 240 l/h", specs="lưu lượng: 240 l/h"),
    _doc(
        7,
        "Máy ép bùn băng tải 1500 mm",
        WATER,
        sku="BFP-005",
        hs_code="84212990",
        specs="khổ băng: 1500 mm",
    ),
    _doc(
        8,
        "Trạm hợp khối FRP xử lý nước thải sinh hoạt 50 m3/ngày cho bệnh viện, khu dân cư",
        WATER,
        sku="PKG-50",
    ),
    _doc(
        9,
        "Xử lý nước thải",
        SERVICES,
        category="SVC",
        top_category="SVC",
        description="Dịch vụ vận hành hệ thống xử lý nước thải công nghiệp.",
    ),
    _doc(
        10,
        "Hệ thống phân loại rác sinh hoạt",
        SERVICES,
        category="REC",
        top_category="REC",
        description="Xu ly rac sinh hoat; thu gom nuoc thai ri rac.",  # typed without marks
    ),
    _doc(11, "Giá thể vi sinh MBBR", SERVICES, hs_code="39269099"),
    _doc(12, "Hóa chất keo tụ PAC", TRUCKS, description="Xử lý nước thải, nước cấp."),
    _doc(
        13,
        "Xe ép rác thùng kín 6 khối",
        specs="nâng thùng rác: 240 lít, 660 lít",
        description="Cơ cấu nâng gắp thùng rác 240 lít, thùng rác 660 lít tự động.",
        **COL,
    ),
]


@pytest.fixture(params=["whoosh", "postgresql"])
def backend(request, tmp_path):
    b = built(request, tmp_path, "search_wording", CORPUS)
    yield b
    b.close()


def _ids(backend, text: str, **kw) -> list[int]:
    return [int(h.id.split(":")[1]) for h in backend.search(Query(text=text, **kw)).hits]


def test_purchase_wording_is_set_aside_and_said(backend):
    results = backend.search(Query(text="cần mua máy ép bùn giá rẻ"))
    assert [h.id for h in results.hits] == ["product:7"]
    assert results.ignored == ["cần mua", "giá rẻ"]
    assert results.suggestion is None  # not "can mua may ep bun"
    assert _ids(backend, "tìm máy ép bùn") == [7]
    assert _ids(backend, "mua thùng rác ở đâu")[0] == 5


def test_a_product_named_like_purchase_wording_is_still_found(backend):
    # "giá" starts "giá thể": only whole purchase phrases at the ends are set aside.
    assert _ids(backend, "giá thể vi sinh")[0] == 11


def test_a_stated_capacity_refines_the_type_instead_of_deciding(backend):
    # The compactor trucks (9 and 14 m³) are what is asked for; 10 m³ tanks are not.
    assert sorted(_ids(backend, "xe ép rác 10 khối")) == [1, 2, 13]
    assert _ids(backend, "xe ép rác 14 khối")[0] == 2
    assert _ids(backend, "xe ép rác 6 khối")[0] == 13
    assert 6 not in _ids(backend, "thùng rác 240 lít")  # not the 240 l/h dosing pump


def test_a_sku_an_hs_code_and_a_tax_code_find_their_products(backend):
    assert _ids(backend, "BFP-005") == [7]
    assert _ids(backend, "bfp005") == [7]
    assert _ids(backend, "84212990") == [7]
    assert sorted(_ids(backend, WATER)) == [7, 8]
    assert sorted(_ids(backend, SERVICES)) == [9, 10, 11]
    assert backend.search(Query(text="BFP-005")).suggestion is None


def test_a_code_inside_words_comes_first(backend):
    assert _ids(backend, "báo giá máy ép bùn BFP-005")[0] == 7


def test_a_registered_name_finds_its_supplier_whatever_its_place_words(backend):
    # "Tây Hồ" is also a commune: in a registered name it is not a place filter.
    for text in (
        "Công ty TNHH Xử lý Nước Tây Hồ",
        "cong ty tnhh xu ly nuoc tay ho",
        "Tay Ho Water Treatment Co., Ltd.",
    ):
        assert sorted(_ids(backend, text)[:2]) == [7, 8], text


def test_equipment_ranks_above_services_unless_a_service_is_asked_for(backend):
    assert _ids(backend, "xử lý nước thải")[0] == 8
    assert _ids(backend, "dịch vụ vận hành xử lý nước thải")[0] == 9


def test_the_trade_a_query_names_lifts_its_category(backend):
    # "sinh hoạt" is in both; "nước thải" is the wastewater trade.
    assert _ids(backend, "hệ thống xử lý nước thải sinh hoạt")[0] == 8


def test_a_long_wordy_query_gets_the_best_partial_matches(backend):
    text = (
        "Cần mua hệ thống xử lý nước thải sinh hoạt công suất 50 m3/ngày đêm cho khu dân "
        "cư 2000 người, yêu cầu đạt QCVN 14:2008 loại A, lắp đặt trong 30 ngày"
    )
    results = backend.search(Query(text=text))
    assert results.total and results.hits[0].id == "product:8"
    assert "Cần mua" in results.ignored


def test_short_unknown_words_are_not_corrected_into_noise(backend):
    assert backend.search(Query(text="grease trap")).suggestion is None
    assert backend.search(Query(text="keo tụ PAK")).suggestion is None


def test_a_suggestion_keeps_the_words_as_typed(backend):
    results = backend.search(Query(text="máy ép bùn băng tảii"))
    assert results.suggestion == "máy ép bùn băng tải"  # the marks typed are kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cần mua máy ép bùn", ("máy ép bùn", ["cần mua"])),
        ("báo giá thiết bị đo bụi", ("thiết bị đo bụi", ["báo giá"])),
        ("can mua xe cuon ep rac gia re", ("xe cuon ep rac", ["can mua", "gia re"])),
        ("báo giá", ("báo giá", [])),  # nothing would be left
        ("giá thể vi sinh", ("giá thể vi sinh", [])),
    ],
)
def test_purchase_wording_rule(text, expected):
    assert intent.purchase_wording(text) == expected


def test_codes_and_names_as_index_terms():
    assert intent.code_key("BFP-005") == intent.code_key("bfp005") == "#bfp005"
    assert intent.code_key("8414.59.90") == "#84145990"
    assert intent.code_key("máy") is None  # words are not codes
    assert intent.name_key("Công ty TNHH Xử lý Nước Tây Hồ") == intent.name_key("xu ly nuoc tay ho")
    assert intent.name_key("Công ty TNHH") is None  # a legal form alone names no one


def test_numbers_become_factors_not_slots():
    plan = ranking.plan("xe ép rác 10 khối")
    assert len(plan.slots) == 1
    assert ("10m3", ranking.NUMBER_FACTOR) in plan.factors


TONES = [
    _doc(
        41,
        "Xe chở rác thùng rời 5 tấn",
        description="Sản xuất tại Việt Nam, lắp ráp tại Hà Nội.",
        **COL,
    ),
    _doc(42, "Xe chở rác thùng rời Hino", description="Xe tải nhẹ chở rác thùng rời.", **COL),
]


@pytest.fixture(params=["whoosh", "postgresql"])
def tones(request, tmp_path):
    b = built(request, tmp_path, "search_tones", TONES)
    yield b
    b.close()


def test_words_typed_with_tone_marks_prefer_the_same_marks(tones):
    # "tải" (load, truck) and "tại" (at) fold alike; typed with marks, the truck wins.
    assert _ids(tones, "xe tải chở rác thùng rời")[0] == 42
    # Typed without marks, both stay found.
    assert sorted(_ids(tones, "xe tai cho rac thung roi")) == [41, 42]


def test_a_suggestion_leaves_out_words_found_nowhere(backend):
    results = backend.search(Query(text="máy ép bùnn qwxzv"))
    assert results.suggestion == "máy ép bùn"
    assert results.ignored == ["qwxzv"]


def test_a_phrase_in_the_name_outweighs_the_same_words_in_a_description(backend):
    # The truck's description mentions "thùng rác 240 lít" (what it lifts).
    assert _ids(backend, "thùng rác 240 lít")[0] == 5
    assert _ids(backend, "xe ép rác")[0] in (1, 2, 13)


def test_the_plan_lifts_the_category_a_query_names_and_the_phrases_typed():
    factors = dict(ranking.plan("hệ thống xử lý nước thải sinh hoạt").factors)
    assert factors[intent.category_term("WW")] == intent.CATEGORY_FACTOR
    assert intent.category_term("REC") not in factors
    assert factors["nuoc_thai"] == ranking.NAME_PHRASE_FACTOR  # a syllable pair typed
    assert intent.category_term("SVC") in factors  # no service asked for
    assert intent.category_term("SVC") not in dict(ranking.plan("tư vấn xử lý nước thải").factors)


def test_words_set_aside_are_said_once_however_often_typed(backend):
    results = backend.search(Query(text="cần mua máy ép bùn cần mua máy ép bùn giá rẻ giá rẻ"))
    assert len(results.ignored) == len(set(results.ignored))
    assert "giá rẻ" in results.ignored
