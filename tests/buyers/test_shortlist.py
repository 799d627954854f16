"""The shortlist of products and suppliers: toggles on the pages, the list with notes,
items that are no longer listed, and privacy."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.buyers import shortlist
from marketplace.buyers.models import ShortlistItem
from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier, make_user

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent


def _product_url(p):
    return f"/suppliers/{p.supplier.tax_code}/products/{p.sku}"


def test_save_a_product_and_a_supplier_from_their_pages(client, session, login_as):
    login_as("buyer")
    supplier = make_supplier(session, name="Công ty Thiết bị Môi trường Đông Anh")
    product = make_product(session, supplier, name="Bể lọc sinh học hiếu khí")
    html = client.get(_product_url(product)).get_data(as_text=True)
    assert f'action="/shortlist/product/{product.id}/add"' in html
    response = client.post(
        f"/shortlist/product/{product.id}/add", data={"next": _product_url(product)}
    )
    assert response.headers["Location"] == _product_url(product)
    html = client.get(_product_url(product)).get_data(as_text=True)
    assert "Đã lưu vào danh sách quan tâm · Bỏ" in html
    assert f'action="/shortlist/product/{product.id}/remove"' in html
    client.post(f"/shortlist/supplier/{supplier.id}/add")
    supplier_page = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert f'action="/shortlist/supplier/{supplier.id}/remove"' in supplier_page
    html = client.get("/shortlist").get_data(as_text=True)
    assert "Bể lọc sinh học hiếu khí" in html and f'href="{_product_url(product)}"' in html
    assert 'Sản phẩm <span class="badge text-bg-light">1</span>' in html
    html = client.get("/shortlist?show=supplier").get_data(as_text=True)
    assert "Công ty Thiết bị Môi trường Đông Anh" in html


def test_saving_twice_keeps_one_item(client, session, login_as):
    user = login_as("buyer")
    product = make_product(session, make_supplier(session))
    client.post(f"/shortlist/product/{product.id}/add")
    client.post(f"/shortlist/product/{product.id}/add")
    count = session.scalar(
        select(func.count()).select_from(ShortlistItem).where(ShortlistItem.user_id == user.id)
    )
    assert count == 1


def test_a_note_is_kept_and_shown(client, session, login_as):
    user = login_as("buyer")
    product = make_product(session, make_supplier(session))
    item = shortlist.add_to_shortlist(session, user, "product", product.id)
    response = client.post(
        f"/shortlist/items/{item.id}/note", data={"note": "Hỏi giá cho 3 bộ", "next": "/shortlist"}
    )
    assert response.headers["Location"] == "/shortlist"
    html = client.get("/shortlist").get_data(as_text=True)
    assert 'value="Hỏi giá cho 3 bộ"' in html and "Đã lưu ghi chú." in html


def test_remove_from_the_list_then_the_empty_state(client, session, login_as):
    user = login_as("buyer")
    product = make_product(session, make_supplier(session))
    shortlist.add_to_shortlist(session, user, "product", product.id)
    html = client.post(f"/shortlist/product/{product.id}/remove", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Đã bỏ khỏi danh sách quan tâm." in html
    assert "Danh sách quan tâm chưa có sản phẩm nào." in html


def test_withdrawn_products_and_hidden_suppliers_stay_listed_without_a_link(
    client, session, login_as
):
    user = login_as("buyer")
    supplier = make_supplier(session, name="Công ty Bị Tạm Ngừng")
    product = make_product(session, make_supplier(session), name="Máy nén khí cũ")
    shortlist.add_to_shortlist(session, user, "product", product.id)
    shortlist.add_to_shortlist(session, user, "supplier", supplier.id)
    product.active = False
    supplier.state = VerificationState.SUSPENDED
    session.commit()
    html = client.get("/shortlist").get_data(as_text=True)
    assert "Máy nén khí cũ" in html and "Không còn niêm yết" in html
    assert _product_url(product) not in html
    html = client.get("/shortlist?show=supplier").get_data(as_text=True)
    assert "Công ty Bị Tạm Ngừng" in html and "Không còn niêm yết" in html
    assert f'href="/suppliers/{supplier.tax_code}"' not in html
    # Removing it still works.
    client.post(f"/shortlist/product/{product.id}/remove")
    assert session.scalar(select(func.count()).select_from(ShortlistItem)) == 1


def test_what_the_public_cannot_see_cannot_be_saved(client, session, login_as):
    login_as("buyer")
    hidden = make_supplier(session, state=VerificationState.SUSPENDED)
    assert client.post(f"/shortlist/supplier/{hidden.id}/add").status_code == 404
    assert (
        client.post(f"/shortlist/product/{make_product(session, hidden).id}/add").status_code == 404
    )
    assert client.post("/shortlist/basket/1/add").status_code == 404


def test_the_list_is_paginated(client, session, login_as):
    user = login_as("buyer")
    supplier = make_supplier(session)
    for i in range(23):
        product = make_product(session, supplier, name=f"Sản phẩm {i:02d}")
        shortlist.add_to_shortlist(session, user, "product", product.id)
    first = client.get("/shortlist").get_data(as_text=True)
    second = client.get("/shortlist?page=2").get_data(as_text=True)
    assert "Sản phẩm 22" in first and "Sản phẩm 00" not in first
    assert "Sản phẩm 00" in second and 'rel="prev"' in second


def test_nobody_sees_or_changes_anothers_shortlist(client, session, login_as):
    other = make_user(session, Role.BUYER)
    product = make_product(session, make_supplier(session), name="Của người khác")
    item = shortlist.add_to_shortlist(session, other, "product", product.id)
    login_as("buyer")
    assert "Của người khác" not in client.get("/shortlist").get_data(as_text=True)
    assert client.post(f"/shortlist/items/{item.id}/note", data={"note": "x"}).status_code == 404
    client.post(f"/shortlist/product/{product.id}/remove")
    session.refresh(item)
    assert item.note is None and session.get(ShortlistItem, item.id) is not None


def test_anonymous_visitors_are_asked_to_log_in(client, session):
    product = make_product(session, make_supplier(session))
    assert client.get("/shortlist").status_code == 302
    response = client.post(f"/shortlist/product/{product.id}/add")
    assert "/account/login" in response.headers["Location"]
    assert "/shortlist/product/" not in client.get(_product_url(product)).get_data(as_text=True)


def test_the_search_results_offer_the_toggle(client, session, login_as):
    user = login_as("buyer")
    product = make_product(session, make_supplier(session), name="Máy ép bùn khung bản")
    shortlist.add_to_shortlist(session, user, "product", product.id)
    html = client.get("/search?q=khung+ban").get_data(as_text=True)
    assert f'action="/shortlist/product/{product.id}/remove"' in html


def test_the_shortlist_in_english(client, session, login_as):
    login_as("buyer")
    client.post("/language/en")
    html = client.get("/shortlist?show=supplier").get_data(as_text=True)
    assert "Your shortlist" in html and "No suppliers on your shortlist yet." in html


def test_the_supplier_results_offer_the_toggle(client, session, login_as):
    login_as("buyer")
    supplier = make_supplier(session, name="Công ty Môi trường Sóc Sơn")
    make_product(session, supplier)
    html = client.get("/search?q=soc+son&type=supplier").get_data(as_text=True)
    assert f'action="/shortlist/supplier/{supplier.id}/add"' in html
