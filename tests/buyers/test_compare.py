"""Comparing up to four products side by side, from the search results and product
pages, in the visitor's session (anonymous too)."""

from __future__ import annotations

import pytest

from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent


def _products(session, n=5):
    supplier = make_supplier(session, name="Công ty Lọc Nước Sông Hồng")
    specs = [
        [("Công suất", "50 m3/ngày"), ("Điện áp", "380 V")],
        [("công suất", "80 m3/ngày"), ("Vật liệu", "Inox 304")],
        [("Trọng lượng", "1,2 tấn")],
        [],
        [],
    ]
    return [
        make_product(
            session,
            supplier,
            sku=f"MAY-{i}",
            name=f"Máy ép bùn số {i}",
            name_en=f"Sludge press no. {i}",
            specs=specs[i],
            hs_code="84212300" if i == 0 else None,
            local_content_pct=60 + i,
        )
        for i in range(n)
    ]


def _columns(html: str) -> str:
    """The comparison's header row (product names), without the flash messages."""
    return html.split("<thead>", 1)[1].split("</thead>", 1)[0] if "<thead>" in html else ""


def test_three_products_side_by_side_with_the_union_of_their_specifications(client, session):
    products = _products(session)
    for p in products[:3]:
        response = client.post(f"/compare/{p.id}/add", data={"next": "/search?q=may"})
        assert response.status_code == 302 and response.headers["Location"] == "/search?q=may"
    html = client.get("/compare").get_data(as_text=True)
    for p in products[:3]:
        assert p.name in html
    assert "Máy ép bùn số 3" not in html
    # One row per specification name, case and spacing aside, in order of appearance.
    assert html.count('<th scope="row" class="compare-label fw-normal">') == 4
    assert html.index("Công suất") < html.index("Điện áp") < html.index("Vật liệu")
    assert "50 m3/ngày" in html and "80 m3/ngày" in html and "1,2 tấn" in html
    assert "—" in html  # missing values
    assert "84212300" in html and "60%" in html and "62%" in html
    assert "Công ty Lọc Nước Sông Hồng" in html and "Đã xác minh" in html
    assert "3 / 4" in html or "3 trên 4" in html


def test_a_fifth_product_is_refused_with_a_clear_message(client, session):
    products = _products(session)
    for p in products[:4]:
        client.post(f"/compare/{p.id}/add")
    response = client.post(f"/compare/{products[4].id}/add", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Chỉ so sánh được tối đa bốn sản phẩm" in html
    assert products[4].name not in _columns(client.get("/compare").get_data(as_text=True))
    with client.session_transaction() as sess:
        assert sess["compare"] == [p.id for p in products[:4]]


def test_the_same_product_twice_is_kept_once(client, session):
    product = _products(session, 1)[0]
    client.post(f"/compare/{product.id}/add")
    client.post(f"/compare/{product.id}/add")
    with client.session_transaction() as sess:
        assert sess["compare"] == [product.id]


def test_remove_one_and_clear_all_then_the_empty_state(client, session):
    products = _products(session, 3)
    for p in products:
        client.post(f"/compare/{p.id}/add")
    html = client.post(f"/compare/{products[1].id}/remove", follow_redirects=True).get_data(
        as_text=True
    )
    assert products[0].name in _columns(html) and products[1].name not in _columns(html)
    html = client.post("/compare/clear", follow_redirects=True).get_data(as_text=True)
    assert "Chưa có gì để so sánh" in html


def test_a_product_the_public_cannot_see_cannot_be_added(client, session):
    hidden = make_supplier(session, state=VerificationState.SUSPENDED)
    product = make_product(session, hidden)
    withdrawn = make_product(session, make_supplier(session), active=False)
    assert client.post(f"/compare/{product.id}/add").status_code == 404
    assert client.post(f"/compare/{withdrawn.id}/add").status_code == 404
    assert client.post("/compare/999999/add").status_code == 404


def test_a_product_withdrawn_after_adding_drops_out_with_a_note(client, session):
    products = _products(session, 2)
    for p in products:
        client.post(f"/compare/{p.id}/add")
    products[0].active = False
    session.commit()
    html = client.get("/compare").get_data(as_text=True)
    assert products[0].name not in _columns(html) and products[1].name in _columns(html)
    assert "1 sản phẩm bạn đã thêm không còn được niêm yết" in html


def test_search_results_and_the_product_page_offer_compare(client, session):
    products = _products(session, 2)
    html = client.get("/search?q=may+ep+bun").get_data(as_text=True)
    assert f'action="/compare/{products[0].id}/add"' in html
    client.post(f"/compare/{products[0].id}/add")
    html = client.get("/search?q=may+ep+bun").get_data(as_text=True)
    assert f'action="/compare/{products[0].id}/remove"' in html
    assert "1 sản phẩm để so sánh" in html
    page = client.get(f"/suppliers/{products[1].supplier.tax_code}/products/{products[1].sku}")
    assert f'action="/compare/{products[1].id}/add"' in page.get_data(as_text=True)


def test_the_comparison_in_english(client, session):
    products = _products(session, 2)
    client.post("/language/en")
    for p in products:
        client.post(f"/compare/{p.id}/add")
    html = client.get("/compare").get_data(as_text=True)
    assert "Compare products" in html and "Sludge press no. 0" in html
    assert "Country of manufacture" in html and "Specifications" in html


def test_the_tray_survives_logging_in(client, session):
    from tests.accounts.helpers import log_in
    from tests.factories import make_user

    products = _products(session, n=2)
    user = make_user(session)
    session.commit()
    for p in products:
        client.post(f"/compare/{p.id}/add")
    assert log_in(client, user.email).status_code == 302
    columns = _columns(client.get("/compare").get_data(as_text=True))
    assert products[0].name in columns and products[1].name in columns
