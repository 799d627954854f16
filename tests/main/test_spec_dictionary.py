"""The bilingual dictionary of specifications: names and common values in English,
found however the supplier typed them, and None rather than half a translation."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from marketplace.demo.generator import build
from marketplace.i18n.specs import english_name, english_value, fold, name_key

pytestmark = pytest.mark.engine_independent

DEV_PRODUCTS = Path("/work/shared/search-dev/products.csv")


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Công suất", "Capacity"),
        ("Vật liệu", "Material"),
        ("Xuất xứ", "Country of origin"),
        ("Bảo hành", "Warranty"),
        ("Điện áp", "Voltage"),
        ("Kích thước", "Dimensions"),
        ("Trọng lượng", "Weight"),
        ("Số ngăn", "Number of compartments"),
        ("  BẢO   HÀNH ", "Warranty"),
    ],
)
def test_common_names_have_english(name, english):
    assert english_name(name) == english


def test_names_match_whatever_the_tone_placement_and_unicode_form():
    # Old-style "thuỷ" and new-style "thủy"; decomposed and composed letters.
    assert fold("thuỷ tinh") == fold("thủy tinh") == fold("THỦY TINH")
    assert fold("hoà") == fold("hòa")
    assert english_name(unicodedata.normalize("NFD", "Vật liệu")) == "Material"
    # Tones still count: "tải" (load) is not "tại" (at).
    assert fold("tải") != fold("tại")


def test_a_name_made_of_a_known_head_and_part_reads_in_english_order():
    assert english_name("vật liệu thân bơm") == "Pump body material"
    assert english_name("Dung tích thùng") == "Bin volume"


def test_capacity_in_kilowatts_is_power():
    assert english_name("công suất", "5,5 kW") == "Power"
    assert english_name("công suất", "500 m3/ngày đêm") == "Capacity"


def test_unknown_vietnamese_names_have_no_english_but_english_names_stay():
    assert english_name("độ bóng bề mặt gương") is None
    assert english_name("Flow rate") == "Flow rate"


@pytest.mark.parametrize(
    ("value", "english"),
    [
        ("inox 304", "stainless steel 304"),
        ("thép không gỉ 316L", "stainless steel 316L"),
        ("composite", "composite"),
        ("nhựa PP", "PP plastic"),
        ("500 m3/ngày đêm", "500 m³/day"),
        ("10 khối", "10 m³"),
        ("50 tấn/ngày", "50 t/day"),
        ("240 lít", "240 L"),
        ("12 tháng", "12 months"),
        ("1 tháng", "1 month"),
        ("380 V/3 pha/50 Hz", "380 V/3 phase/50 Hz"),
        ("0,75 kW", "0.75 kW"),
        ("10.000 m³/h", "10,000 m³/h"),
        ("PM2.5, PM10, SO2", "PM2.5, PM10, SO2"),
        ("pH, COD, amoni, tổng N", "pH, COD, ammonium, total N"),
        ("nhựa composite cốt sợi thuỷ tinh (FRP)", "glass-fibre reinforced plastic (FRP)"),
        ("xanh lá", "green"),
        ("Nhật Bản", "Japan"),
    ],
)
def test_common_values_have_english(value, english):
    assert english_value(value) == english


def test_a_value_partly_vietnamese_has_no_english():
    assert english_value("inox 304 đánh bóng gương") is None


def test_the_same_specification_in_either_language_has_one_key():
    assert name_key("Vật liệu") == name_key("vật  liệu") == name_key("Material")
    assert name_key("Vật liệu") != name_key("Công suất")


def _pairs() -> list[tuple[str, str]]:
    specs = [str(p["specs"]) for p in build(90)[1]]
    if DEV_PRODUCTS.exists():
        with DEV_PRODUCTS.open(encoding="utf-8") as fh:
            specs += [row["specs"] for row in csv.DictReader(fh)]
    pairs = []
    for text in specs:
        for part in text.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                pairs.append((name.strip(), value.strip()))
    return pairs


def test_every_specification_of_the_demo_and_development_catalogues_has_english():
    pairs = _pairs()
    assert len(pairs) > 1000
    assert [n for n, v in pairs if english_name(n, v) is None] == []
    assert sorted({v for _n, v in pairs if english_value(v) is None}) == []
