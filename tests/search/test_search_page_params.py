"""The search page's judgement of bad values and page numbers (the API's, shown in
the reader's language)."""

import re

import pytest

from tests.factories import make_product, make_supplier

pytestmark = pytest.mark.engine_independent


@pytest.fixture
def catalogue(session):  # type: ignore[no-untyped-def]
    supplier = make_supplier(session, tax_code="0100109106", name="Công ty TNHH Môi trường Xanh")
    for i in range(3):
        make_product(session, supplier, sku=f"P{i}", name=f"Máy ép bùn trục vít {i}")
    make_supplier(session, tax_code="0101245486", name="Công ty TNHH Môi trường Xanh")


def test_a_bad_filter_value_is_a_note_not_a_ticked_facet(client, catalogue):
    response = client.get("/search?q=may+ep+bun&verified=AAA&made_in=XX")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "“AAA” không phải giá trị hợp lệ cho mục Nhà cung cấp" in html
    assert "“XX” không phải giá trị hợp lệ cho mục Xuất xứ" in html
    assert "3 sản phẩm phù hợp" in html  # the rest of the search still ran
    assert 'aria-current="true"' not in html  # no ticked facet for a value that means nothing
    assert not re.search(r'href="[^"]*verified=AAA', html)  # and no link keeps it
    assert 'name="verified"' not in html


def test_a_bad_filter_value_note_in_english(client, catalogue):
    html = client.get("/search?q=may+ep+bun&local_content=x&lc_band=50-70&lang=en").get_data(
        as_text=True
    )
    assert "“50-70” is not a valid value for Local content: it was left out" in html


def test_a_page_past_the_end_says_so_and_links_to_the_last_page(client, catalogue):
    for number in (5, 99999):
        html = client.get(f"/search?q=may+ep+bun&page={number}&lang=en").get_data(as_text=True)
        assert "No products match" not in html
        assert f"There is no page {number}: this list has 1 page." in html
        assert "Go to the last page" in html
        assert "3 products found" in html


def test_a_supplier_page_past_the_end_says_so(client, catalogue):
    html = client.get("/search?type=supplier&q=moi+truong+xanh&page=9&lang=en").get_data(
        as_text=True
    )
    assert "No supplier matches" not in html
    assert "There is no page 9: this list has 1 page." in html


def test_supplier_cards_show_the_tax_code(client, catalogue):
    html = client.get("/search?type=supplier&q=moi+truong+xanh&lang=en").get_data(as_text=True)
    assert "Tax code 0100109106" in html and "Tax code 0101245486" in html
