"""GET /api/v1/products/<tax_code>/<sku>: one listed product for buyers' systems."""

from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier


def test_a_product_with_its_specifications_and_supplier(client, session):
    supplier = make_supplier(session, tax_code="0100109106", certifications="ISO 14001")
    make_product(
        session,
        supplier,
        sku="BFP-005",
        name="Máy ép bùn băng tải 1500 mm",
        origin="VN",
        local_content_pct=72.5,
        price_vnd=450_000_000,
        hs_code="84212300",
        certifications="ISO 9001:2015; CE",
        specs=[("công suất", "50 m3/ngày"), ("điện áp", "380 V")],
    )
    response = client.get("/api/v1/products/0100109106/BFP-005")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["type"] == "product" and data["sku"] == "BFP-005"
    assert data["supplier_tax_code"] == "0100109106"
    assert data["name"] == "Máy ép bùn băng tải 1500 mm"
    assert data["specs"] == {"công suất": "50 m3/ngày", "điện áp": "380 V"}
    assert data["origin"] == "VN" and data["local_content_pct"] == 72.5
    assert data["price_vnd"] == 450_000_000 and data["hs_code"] == "84212300"
    assert data["certifications"] == ["ISO 9001:2015", "CE"]  # as written
    assert data["category"] == "WW-SLU" and data["category_name_en"]
    assert data["supplier_name"] == supplier.name and data["verified"] is True
    assert data["supplier"]["tax_code"] == "0100109106"
    assert data["supplier"]["name"] == supplier.name
    assert data["supplier"]["api_url"].endswith("/api/v1/suppliers/0100109106")
    assert data["url"].endswith("/suppliers/0100109106/products/BFP-005")


def test_the_sku_is_matched_without_regard_to_case(client, session):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="BFP-005")
    data = client.get(f"/api/v1/products/{supplier.tax_code}/bfp-005").get_json()
    assert data["sku"] == "BFP-005"


def test_unknown_withdrawn_and_hidden_products_are_json_404(client, session):
    supplier = make_supplier(session)
    hidden = make_supplier(session, state=VerificationState.SUSPENDED)
    make_product(session, supplier, sku="OLD", active=False)
    make_product(session, hidden, sku="HID")
    for path in (
        f"/api/v1/products/{supplier.tax_code}/NOPE",
        f"/api/v1/products/{supplier.tax_code}/OLD",
        f"/api/v1/products/{hidden.tax_code}/HID",
        "/api/v1/products/0100000000/ANY",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path
        assert response.get_json()["error"]["status"] == 404
