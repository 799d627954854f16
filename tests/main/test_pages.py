import re

from tests.factories import make_product, make_supplier


def test_home_shows_categories_with_counts_and_newest_verified(client, session):
    supplier = make_supplier(session, name="Công ty Cổ phần Nước Sạch Hồng Hà")
    make_product(session, supplier)
    html = client.get("/").get_data(as_text=True)
    assert "Thiết bị xử lý nước thải" in html
    assert "1 sản phẩm · 1 nhà cung cấp" in html
    assert "Công ty Cổ phần Nước Sạch Hồng Hà" in html


def test_pending_supplier_is_not_among_newest_verified(client, session):
    make_supplier(session, name="Công ty Chờ Duyệt", state="pending")
    assert "Công ty Chờ Duyệt" not in client.get("/").get_data(as_text=True)


def test_english_version_is_complete_on_home(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Wastewater treatment equipment" in html
    assert "Danh mục" not in html


def test_language_choice_is_remembered(client):
    client.post("/language/en", data={"next": "/categories/"})
    assert "Equipment categories" in client.get("/categories/").get_data(as_text=True)
    client.post("/language/vi", data={"next": "/"})
    assert "Danh mục thiết bị" in client.get("/categories/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/language/en", data={"next": "//evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_subcategory_page_lists_its_products_only(client, session):
    supplier = make_supplier(session)
    make_product(session, supplier, name="Máy ép bùn khung bản 40 m²", category_code="WW-SLU")
    make_product(session, supplier, name="Máy thổi khí con sò", category_code="WW-AER")
    html = client.get("/categories/WW-SLU").get_data(as_text=True)
    assert "Máy ép bùn khung bản 40 m²" in html
    assert "Máy thổi khí con sò" not in html
    parent = client.get("/categories/WW").get_data(as_text=True)
    assert "Máy thổi khí con sò" in parent and "Máy ép bùn khung bản 40 m²" in parent


def test_category_pages_paginate(client, session):
    supplier = make_supplier(session)
    for i in range(30):
        make_product(session, supplier, name=f"Bơm định lượng số {i:02d}", category_code="WW-DOS")
    first = client.get("/categories/WW-DOS?sort=name").get_data(as_text=True)
    second = client.get("/categories/WW-DOS?sort=name&page=2").get_data(as_text=True)
    assert "Bơm định lượng số 00" in first and "Bơm định lượng số 29" not in first
    assert "Bơm định lượng số 29" in second


def test_empty_category_has_a_helpful_empty_state(client):
    html = client.get("/categories/WTE-RDF").get_data(as_text=True)
    assert "Chưa có sản phẩm nào trong danh mục này." in html


def test_unknown_category_is_a_friendly_404(client):
    response = client.get("/categories/NOPE")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_security_headers_include_a_csp_without_inline_scripts(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)


def test_pages_name_their_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert href is not None
    icon = client.get(href.group(1))
    assert icon.status_code == 200 and icon.data.startswith(b"<svg")


def test_the_page_title_and_the_navbar_name_the_site_alike(client):
    for lang, name in (("vi", "Công nghiệp Xanh Hà Nội"), ("en", "Hanoi Green Industry")):
        page = client.get(f"/?lang={lang}").get_data(as_text=True)
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        brand = page.split('class="navbar-brand', 1)[1].split("</a>", 1)[0]
        assert title.endswith(f" · {name}") and name in brand
