"""English pages read in English: specifications through the dictionary, names and
descriptions from their English columns (else marked as Vietnamese), country names,
prices or "on request"; Vietnamese pages as before."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_product, make_supplier, sign_in
from tests.rfqs.helpers import make_world, open_rfq

pytestmark = pytest.mark.engine_independent

SPECS = [
    ("Công suất", "500 m3/ngày đêm"),
    ("Vật liệu", "inox 304"),
    ("Độ bóng bề mặt gương", "Ra 0,4"),
]


def _product(session, **values):
    supplier = make_supplier(
        session,
        name="Công ty TNHH Xử lý Nước Tây Hồ",
        name_en="Tay Ho Water Treatment Co., Ltd.",
        description="Chuyên thiết kế trạm xử lý nước thải.",
        description_en="Designs wastewater treatment plants.",
    )
    defaults = {"sku": "XLNT-500", "specs": SPECS, "origin": "JP"}
    return make_product(session, supplier, **{**defaults, **values})


def _url(p) -> str:
    return f"/suppliers/{p.supplier.tax_code}/products/{p.sku}"


def _specs_table(html: str) -> str:
    return html.split('<table class="table table-sm">', 1)[1].split("</table>", 1)[0]


def test_product_page_in_english_shows_english_specifications(client, session):
    p = _product(session)
    table = _specs_table(client.get(_url(p) + "?lang=en").get_data(as_text=True))
    assert ">Capacity</th><td>500 m³/day</td>" in table
    assert ">Material</th><td>stainless steel 304</td>" in table
    # A name the dictionary does not know stays as written, marked as Vietnamese.
    assert '<span lang="vi">Độ bóng bề mặt gương</span>' in table
    assert "Công suất" not in table and "inox" not in table


def test_product_page_in_vietnamese_shows_the_specifications_as_written(client, session):
    p = _product(session)
    table = _specs_table(client.get(_url(p)).get_data(as_text=True))
    assert ">Công suất</th><td>500 m3/ngày đêm</td>" in table
    assert "Capacity" not in table and 'lang="vi"' not in table


def test_english_product_page_names_the_country_of_manufacture(client, session):
    html = client.get(_url(_product(session, origin="KR")) + "?lang=en").get_data(as_text=True)
    assert "South Korea" in html and ">KR<" not in html


def test_a_product_without_price_is_on_request_in_english(client, session):
    html = client.get(_url(_product(session, price_vnd=None)) + "?lang=en").get_data(as_text=True)
    assert "Price on request" in html and "Indicative price" not in html


def test_a_product_without_price_is_on_request_in_vietnamese(client, session):
    html = client.get(_url(_product(session, price_vnd=None))).get_data(as_text=True)
    assert "Giá liên hệ" in html


def test_a_priced_product_shows_its_price(client, session):
    html = client.get(_url(_product(session, price_vnd=350_000_000)) + "?lang=en").get_data(
        as_text=True
    )
    assert "350,000,000 ₫" in html and "Price on request" not in html


def test_english_description_is_shown_on_english_pages(client, session):
    p = _product(session, description="Trạm xử lý hợp khối.", description_en="Packaged plant.")
    html = client.get(_url(p) + "?lang=en").get_data(as_text=True)
    assert "Packaged plant." in html and "Trạm xử lý hợp khối" not in html


def test_a_description_only_in_vietnamese_is_marked_as_such(client, session):
    p = _product(session, name_en=None, description="Trạm xử lý hợp khối.", description_en=None)
    html = client.get(_url(p) + "?lang=en").get_data(as_text=True)
    assert '<span lang="vi">Trạm xử lý hợp khối.</span>' in html
    assert "(in Vietnamese)" in html
    # The title too: the page says why it is not in English.
    assert re.search(r'<h1 class="h3"><span lang="vi">Máy ép bùn[^<]*</span> <small', html)


def test_supplier_page_in_english_shows_the_english_profile(client, session):
    p = _product(session)
    html = client.get(f"/suppliers/{p.supplier.tax_code}?lang=en").get_data(as_text=True)
    assert "Designs wastewater treatment plants." in html
    assert "Chuyên thiết kế" not in html
    assert "Tay Ho Water Treatment Co., Ltd." in html
    assert "Price on request" not in html  # the factory's product has a price


def test_supplier_without_english_profile_is_marked_vietnamese(client, session):
    supplier = make_supplier(
        session, name="Công ty Môi trường Xanh", name_en=None, description="Thu gom rác.",
        description_en=None,
    )  # fmt: skip
    html = client.get(f"/suppliers/{supplier.tax_code}?lang=en").get_data(as_text=True)
    note = '<small class="text-body-secondary">(in Vietnamese)'
    assert f'<span lang="vi">Thu gom rác.</span> {note}' in html
    assert '<span lang="vi">Công ty Môi trường Xanh</span>' in html


def test_english_search_results_name_products_in_english_or_mark_vietnamese(client, session):
    p = _product(session, name_en="Packaged treatment plant")
    make_product(session, p.supplier, sku="VI-ONLY", name="Máy ép bùn khung bản", name_en=None)
    html = client.get("/search?q=may+ep+bun&lang=en").get_data(as_text=True)
    headings = re.findall(r'<h2 class="h6 mb-1"><a [^>]*>(.*?)</a></h2>', html)
    assert sorted(headings) == [
        '<span lang="vi">Máy ép bùn khung bản</span>',
        "Packaged treatment plant",
    ]


def test_english_search_results_quote_specifications_in_english(client, session):
    _product(session, specs=SPECS[:2], description_en=None)
    html = client.get("/search?q=may+ep+bun&lang=en").get_data(as_text=True)
    snippet = html.split('class="small text-body-secondary mb-1 snippet"', 1)[1].split("</p>")[0]
    assert snippet.startswith(">Capacity: 500 m³/day; Material: stainless steel 304")


def test_english_search_results_mark_vietnamese_only_text(client, session):
    _product(session, specs=SPECS, description_en=None)
    html = client.get("/search?q=may+ep+bun&lang=en").get_data(as_text=True)
    assert 'snippet" lang="vi">' in html


def test_english_compare_tray_reads_in_english_and_merges_names(client, session):
    p = _product(session)
    q = make_product(
        session, p.supplier, sku="XLNT-2", price_vnd=None, specs=[("Material", "composite")]
    )
    for product in (p, q):
        client.post(f"/compare/{product.id}/add?lang=en", data={"next": "/"})
    html = client.get("/compare?lang=en").get_data(as_text=True)
    rows = re.findall(r'<th scope="row" class="compare-label fw-normal">(.*?)</th>', html)
    assert rows == ["Capacity", "Material", '<span lang="vi">Độ bóng bề mặt gương</span>']
    assert "stainless steel 304" in html and "composite" in html
    assert "Price on request" in html and "Japan" in html


def test_english_request_for_quotation_lists_its_specifications_in_english(app, client, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w, specs=[("công suất", "50 m3/ngày"), ("Vật liệu", "")])
    sign_in(client, session, w.buyer)
    html = client.get(f"/rfqs/{rfq_id}?lang=en").get_data(as_text=True)
    table = html.split("<caption", 1)[1].split("</table>", 1)[0]
    assert "<tr><td>Capacity</td><td>50 m³/day</td></tr>" in table
    assert "<tr><td>Material</td><td>—</td></tr>" in table
