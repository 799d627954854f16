"""Suppliers are searched too: by their names, the categories they list products
in, their description and location; kept in step with the database."""

from __future__ import annotations

from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier


def _suppliers(client, qs: str) -> list[str]:
    data = client.get(f"/api/v1/search?type=supplier&{qs}").get_json()
    assert all(r["type"] == "supplier" and r["sku"] is None for r in data["results"])
    return [r["supplier_tax_code"] for r in data["results"]]


def test_a_supplier_is_found_by_name_and_by_what_it_makes(client, session):
    maker = make_supplier(session, name="Công ty TNHH Cơ khí Gia Lâm", commune="Xã Gia Lâm")
    make_product(session, maker, name="Máy ép bùn khung bản", category_code="WW-SLU")
    other = make_supplier(session, name="Công ty CP Thùng rác Xanh")
    make_product(session, other, name="Thùng rác 240 lít", category_code="COL")
    assert _suppliers(client, "q=co khi gia lam")[0] == maker.tax_code
    # Its products' category (Vietnamese or English name), not the other supplier.
    assert _suppliers(client, "q=sludge dewatering") == [maker.tax_code]
    result = client.get("/api/v1/search?type=supplier&q=gia lam").get_json()["results"][0]
    assert result["category"] == "WW-SLU" and result["url"].endswith(f"/suppliers/{maker.tax_code}")
    # Product search is unchanged: products only.
    data = client.get("/api/v1/search?q=gia lam").get_json()
    assert {r["type"] for r in data["results"]} == {"product"}


def test_supplier_documents_follow_the_database(client, session):
    supplier = make_supplier(session, name="Công ty TNHH Môi trường Sông Đà")
    assert _suppliers(client, "q=song da") == [supplier.tax_code]
    supplier.name = "Công ty TNHH Môi trường Tây Bắc"
    session.commit()
    assert _suppliers(client, "q=song da") == []
    assert _suppliers(client, "q=tay bac") == [supplier.tax_code]
    # A new product in another category makes the supplier findable by it.
    make_product(session, supplier, name="Lò đốt rác y tế", category_code="HAZ")
    assert _suppliers(client, "q=lo dot chat thai nguy hai") == [supplier.tax_code]
    supplier.state = VerificationState.SUSPENDED
    session.commit()
    assert _suppliers(client, "q=tay bac") == []


def test_a_bad_type_is_a_clear_400(client):
    response = client.get("/api/v1/search?q=bom&type=company")
    assert response.status_code == 400
    assert "'type' must be product or supplier" in response.get_json()["error"]["detail"]


def test_the_results_page_shows_matching_suppliers(client, session):
    for i in range(5):
        supplier = make_supplier(session, name=f"Công ty Bơm Hà Nội số {i}")
        make_product(session, supplier, name=f"Bơm chìm nước thải {i}", category_code="WW-PMP")
    html = client.get("/search?q=bom&lang=en").get_data(as_text=True)
    strip = html[html.index('id="supplier-matches"') : html.index("products found")]
    assert strip.count('class="card h-100"') == 4 and "(5)" in strip
    assert "See all suppliers" in strip
    # Product-only filters hide the strip; "see all" lists every supplier.
    assert 'id="supplier-matches"' not in client.get("/search?q=bom&made_in=VN").get_data(
        as_text=True
    )
    html = client.get("/search?q=bom&type=supplier&lang=en").get_data(as_text=True)
    assert "5 suppliers found" in html and html.count('class="card h-100"') == 5
