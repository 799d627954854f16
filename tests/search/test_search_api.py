from marketplace.search_sync import get_backend
from tests.factories import make_product, make_supplier


def test_a_new_product_is_searchable_after_commit(client, session):
    supplier = make_supplier(session, name="Công ty TNHH Cơ khí Gia Lâm")
    make_product(session, supplier, sku="BFP", name="Máy ép bùn băng tải 1500 mm")
    data = client.get("/api/v1/search?q=may ep bun bang tai").get_json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["type"] == "product" and hit["sku"] == "BFP"
    assert hit["supplier_name"] == "Công ty TNHH Cơ khí Gia Lâm"
    assert data["facets"]["category"] == {"WW": 1}


def test_withdrawn_products_leave_the_index(client, session):
    supplier = make_supplier(session)
    product = make_product(session, supplier, name="Máy ép bùn khung bản")
    product.active = False
    session.commit()
    assert client.get("/api/v1/search?q=khung ban").get_json()["total"] == 0


def test_a_rolled_back_change_never_reaches_the_index(app, client, session):
    supplier = make_supplier(session)
    product = make_product(session, supplier, name="Máy ép bùn trục vít")
    product.name = "Tên chưa lưu"
    session.flush()
    session.rollback()
    assert client.get("/api/v1/search?q=ten chua luu").get_json()["total"] == 0


def test_supplier_location_is_searchable_on_products(client, session):
    supplier = make_supplier(session, province="Bắc Ninh", commune=None)
    make_product(session, supplier, name="Cyclone tách bụi")
    assert client.get("/api/v1/search?q=cyclone bac ninh").get_json()["total"] == 1


def test_bad_parameters_are_json_400(client):
    for qs in ("per_page=51", "page=0", "category=NOPE", "province=Atlantis"):
        response = client.get(f"/api/v1/search?q=x&{qs}")
        assert response.status_code == 400 and response.is_json


def test_reindex_and_check_commands(app, client, session):
    supplier = make_supplier(session)
    make_product(session, supplier, name="Máy thổi khí con sò")
    get_backend(app).delete(["product:1"])
    runner = app.test_cli_runner()
    assert runner.invoke(args=["search", "check"]).exit_code == 1
    assert "Indexed 2 documents" in runner.invoke(args=["search", "reindex"]).output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_bad_search_parameters_get_a_clear_error(client):
    response = client.get("/api/v1/search?q=bom&sort=cheapest")
    assert response.status_code == 400
    assert "'sort' must be one of relevance, local_content, price, newest" in response.get_data(
        as_text=True
    )
    assert client.get("/api/v1/search?category=NOPE").status_code == 400
    assert client.get("/api/v1/search/suggest?q=bom&limit=99").status_code == 400
