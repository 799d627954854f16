from tests.factories import make_product, make_supplier


def test_supplier_json_uses_import_column_names(client, session):
    supplier = make_supplier(session, certifications="ISO 9001;ISO 14001")
    data = client.get(f"/api/v1/suppliers/{supplier.tax_code}").get_json()
    assert data["tax_code"] == supplier.tax_code
    assert data["province"] == "Hà Nội" and data["commune"] == "Phường Cầu Giấy"
    assert data["ownership"] == "domestic" and data["verified"] is True
    assert data["certifications"] == ["ISO 9001", "ISO 14001"]
    assert data["url"].endswith(f"/suppliers/{supplier.tax_code}")


def test_unknown_supplier_is_a_json_404(client):
    response = client.get("/api/v1/suppliers/0100000000")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["status"] == 404


def test_wrong_method_under_api_is_a_json_405(client, session):
    supplier = make_supplier(session)
    response = client.post(f"/api/v1/suppliers/{supplier.tax_code}")
    assert response.status_code == 405 and response.is_json
    assert "GET" in response.headers["Allow"]


def test_unknown_api_path_is_json_not_html(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_products_are_paginated_and_exclude_withdrawn(client, session):
    supplier = make_supplier(session)
    for i in range(5):
        make_product(session, supplier, sku=f"P{i}", name=f"Sản phẩm {i}")
    make_product(session, supplier, sku="OLD", active=False)
    data = client.get(
        f"/api/v1/suppliers/{supplier.tax_code}/products?per_page=2&page=3"
    ).get_json()
    assert data["total"] == 5
    assert [p["sku"] for p in data["results"]] == ["P4"]
    first = client.get(f"/api/v1/suppliers/{supplier.tax_code}/products").get_json()
    assert first["results"][0]["specs"] == {"công suất": "50 m3/ngày"}
    assert first["results"][0]["category"] == "WW-SLU"


def test_per_page_out_of_range_is_a_json_400(client, session):
    supplier = make_supplier(session)
    for bad in ("0", "101", "abc"):
        response = client.get(f"/api/v1/suppliers/{supplier.tax_code}/products?per_page={bad}")
        assert response.status_code == 400 and response.is_json


def test_suspended_supplier_is_hidden_from_the_api(client, session):
    supplier = make_supplier(session, state="suspended")
    assert client.get(f"/api/v1/suppliers/{supplier.tax_code}").status_code == 404


def test_openapi_document_lists_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/suppliers/{tax_code}" in doc["paths"]
    assert "/api/v1/suppliers/{tax_code}/products" in doc["paths"]
