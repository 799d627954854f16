"""Bad search parameter values: one judgement for the API (a 400 naming the
parameter and what it allows) and the search page (a note in the reader's language,
the rest of the search kept); pages past the last one say so."""

import pytest

from tests.factories import make_product, make_supplier

BAD_API_VALUES = [
    ("verified", "AAA", "yes or no"),
    ("made_in", "XX", "VN (made in Vietnam) or imported"),
    ("local_content", "50-70", "one of 60-100, 30-59, 0-29, unknown"),
    ("category", "NOPE", "a category or subcategory code"),
    ("province", "Atlantis", "a Vietnamese province"),
    ("commune", "Phường Không Có", "a commune or ward"),
    ("sort", "cheapest", "one of relevance, local_content, price, newest"),
    ("type", "company", "product or supplier"),
    ("page", "0", "a whole number from 1 to 1000"),
    ("page", "abc", "a whole number from 1 to 1000"),
    ("page", "1001", "a whole number from 1 to 1000"),
    ("per_page", "51", "a whole number from 1 to 50"),
    ("per_page", "1e3", "a whole number from 1 to 50"),
]


@pytest.mark.parametrize(("name", "value", "allowed"), BAD_API_VALUES)
def test_api_refuses_a_bad_value_naming_the_parameter(client, name, value, allowed):
    response = client.get("/api/v1/search", query_string={"q": "bom", name: value})
    assert response.status_code == 400 and response.is_json
    detail = response.get_json()["error"]["detail"]
    assert f"'{name}' must be" in detail and allowed in detail


def test_api_accepts_values_in_other_case_and_canonical_forms(client, session):
    supplier = make_supplier(session, province="Hà Nội")
    make_product(session, supplier, sku="A")
    query = "made_in=vn&verified=YES&category=ww&province=ha+noi&commune=cau+giay"
    data = client.get(f"/api/v1/search?{query}").get_json()
    assert data["total"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search?q=bom%00",
        "/api/v1/search?q=bom&certification=ISO%009001",
        "/api/v1/search?q=bom&utm%00=1",
        "/api/v1/search/suggest?q=m%00",
        "/api/v1/suppliers/0100109106%00",
        "/api/v1/suppliers/0100109106/products?page=1%01",
        "/api/v1/share?method=origin%00",
    ],
)
def test_a_control_character_in_any_parameter_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.is_json
    assert "control characters" in response.get_json()["error"]["detail"]


def test_a_control_character_on_the_search_page_is_a_note_not_an_error_page(client, session):
    make_product(session, make_supplier(session), sku="A", name="Máy ép bùn trục vít")
    response = client.get("/search?q=may+ep+bun&cert=ISO%009001&lang=en")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "characters that cannot be searched for" in html
    assert "1 products found" in html  # the rest of the search still ran


def test_api_page_past_the_end_is_empty_and_says_so(client, session):
    supplier = make_supplier(session)
    for i in range(3):
        make_product(session, supplier, sku=f"P{i}")
    data = client.get("/api/v1/search?q=may+ep+bun&per_page=2&page=7").get_json()
    assert data["results"] == [] and data["total"] == 3
    assert data["pages"] == 2 and data["past_the_end"] is True
    assert data["facets"]["category"] == {"WW": 3}
    first = client.get("/api/v1/search?q=may+ep+bun&per_page=2").get_json()
    assert first["past_the_end"] is False and len(first["results"]) == 2


def test_supplier_results_give_the_tax_code(client, session):
    make_supplier(session, tax_code="0100109106", name="Công ty TNHH Môi trường Xanh")
    make_supplier(session, tax_code="0101245486", name="Công ty TNHH Môi trường Xanh")
    data = client.get("/api/v1/search?type=supplier&q=moi+truong+xanh").get_json()
    assert sorted(r["tax_code"] for r in data["results"]) == ["0100109106", "0101245486"]


def test_a_long_pasted_requirement_is_cut_between_words():
    from marketplace.searches.params import TEXT_MAX, cut_at_word

    text = "Cần mua hệ thống xử lý nước thải công suất 500 m3/ngày đêm, " * 12
    cut = cut_at_word(text, TEXT_MAX)
    assert len(cut) <= TEXT_MAX and text.startswith(cut)
    assert text[len(cut)] == " " or text[len(cut) - 1 : len(cut) + 1] == ", "
    assert cut_at_word("máy ép bùn", TEXT_MAX) == "máy ép bùn"
