"""A product's life: drafts, first publication, deletion of never-published
products (confirmed, audited), old SKUs that redirect, photo order and cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.audit.services import list_events
from marketplace.products import services
from marketplace.products.models import Product, ProductOldSku
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier, make_user
from tests.products.photo_files import png
from tests.products.test_products import PRODUCT


def _draft(client, supplier, sku="D-1"):
    return client.post(
        f"/suppliers/{supplier.tax_code}/products/new",
        data={**PRODUCT, "sku": sku, "draft": "y"},
    )


# --- publication -------------------------------------------------------------


def test_a_listed_product_is_published_when_saved(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    client.post(f"/suppliers/{supplier.tax_code}/products/new", data=PRODUCT)
    product = session.scalar(select(Product))
    assert product.active and product.published_at is not None


def test_a_draft_is_not_public_and_not_published(client, session, login_as):
    supplier = make_supplier(session)
    staff = login_as("supplier_staff", supplier=supplier)
    assert _draft(client, supplier).status_code == 302
    product = session.scalar(select(Product))
    assert not product.active and product.published_at is None
    page = client.get(f"/suppliers/{supplier.tax_code}/products/D-1").get_data(as_text=True)
    assert "Sản phẩm này là bản nháp" in page and "Niêm yết" in page
    assert staff.email  # the staff see it; anonymous visitors do not:
    client.post("/account/logout")
    assert client.get(f"/suppliers/{supplier.tax_code}/products/D-1").status_code == 404


def test_listing_a_draft_publishes_it(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    _draft(client, supplier)
    client.post(f"/suppliers/{supplier.tax_code}/products/D-1/restore")
    product = session.scalar(select(Product))
    session.refresh(product)
    assert product.active and product.published_at is not None


def test_products_of_a_supplier_not_public_are_published_when_it_becomes_public(session):
    supplier = make_supplier(session, state=VerificationState.REJECTED)
    product = make_product(session, supplier, sku="P1")
    assert product.published_at is None
    supplier.state = VerificationState.VERIFIED
    session.commit()
    session.refresh(product)
    assert product.published_at is not None


def test_imported_products_are_published(session):
    from marketplace.registry.services import import_registry

    supplier = make_supplier(session)
    import_registry(
        session,
        None,
        (
            "products.csv",
            f"supplier_tax_code,sku,name,category,origin\n{supplier.tax_code},I-1,Bơm,WW,VN\n".encode(),
        ),
    )
    assert session.scalar(select(Product.published_at)) is not None


# --- deletion ----------------------------------------------------------------


def test_a_never_published_product_is_deleted_after_confirmation(app, client, session, login_as):
    supplier = make_supplier(session)
    staff = login_as("supplier_staff", supplier=supplier)
    _draft(client, supplier)
    client.post(
        f"/suppliers/{supplier.tax_code}/products/D-1/photos",
        data={"photo": (png(), "a.png")},
        content_type="multipart/form-data",
    )
    product = session.scalar(select(Product))
    product_id = product.id
    photo_file = Path(app.config["UPLOAD_FOLDER"]) / product.photos[0].filename
    assert photo_file.exists()
    url = f"/suppliers/{supplier.tax_code}/products/D-1/delete"
    page = client.get(url + "").get_data(as_text=True)
    assert "chưa từng được niêm yết công khai" in page and "Xóa sản phẩm" in page
    assert session.scalar(select(Product.id)) is not None  # asking deletes nothing
    resp = client.post(url + "")
    assert resp.headers["Location"].endswith(f"/suppliers/{supplier.tax_code}")
    assert "Đã xóa sản phẩm D-1." in client.get(resp.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Product.id)) is None
    assert not photo_file.exists()
    (event,) = [e for e in list_events(session, "product", product_id) if e.action == "deleted"]
    assert event.action == "deleted" and event.actor_id == staff.id
    assert event.before["sku"] == "D-1"


def test_a_published_product_cannot_be_deleted_only_withdrawn(client, session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    client.post(f"/suppliers/{supplier.tax_code}/products/P1/withdraw")  # withdrawn, once public
    url = f"/suppliers/{supplier.tax_code}/products/P1/delete"
    page = client.get(url + "").get_data(as_text=True)
    assert "đã được niêm yết công khai nên không thể xóa" in page
    assert "Xóa sản phẩm" not in page
    assert client.post(url).status_code == 409
    assert session.get(Product, product.id) is not None
    detail = client.get(f"/suppliers/{supplier.tax_code}/products/P1").get_data(as_text=True)
    assert "/delete" not in detail


def test_a_draft_named_by_supply_records_cannot_be_deleted(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    _draft(client, supplier)
    product = session.scalar(select(Product))
    session.add(
        SupplyRecord(
            record_id="R1",
            year=2025,
            category_code="WW",
            value_vnd=1000,
            origin="VN",
            supplier_id=supplier.id,
            product_id=product.id,
        )
    )
    session.commit()
    assert client.post(f"/suppliers/{supplier.tax_code}/products/D-1/delete").status_code == 409


@pytest.mark.parametrize("role", ["anonymous", "buyer", "other_staff"])
def test_only_own_staff_delete(client, session, login_as, role):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="D-1", active=False)
    assert product.published_at is None
    if role == "buyer":
        login_as("buyer")
    elif role == "other_staff":
        login_as("supplier_staff", supplier=make_supplier(session, name="Khác"))
    url = f"/suppliers/{supplier.tax_code}/products/D-1/delete"
    expected = 302 if role == "anonymous" else 403
    assert client.get(url).status_code == expected
    assert client.post(url).status_code == expected
    assert session.get(Product, product.id) is not None


def test_an_official_may_delete_a_draft(client, session, login_as):
    supplier = make_supplier(session)
    product_id = make_product(session, supplier, sku="D-1", active=False).id
    login_as("official")
    assert client.post(f"/suppliers/{supplier.tax_code}/products/D-1/delete").status_code == 302
    session.expire_all()
    assert session.get(Product, product_id) is None


# --- old SKUs ----------------------------------------------------------------


def _rename(client, supplier, old, new):
    return client.post(
        f"/suppliers/{supplier.tax_code}/products/{old}/edit", data={**PRODUCT, "sku": new}
    )


def test_a_changed_sku_redirects_its_old_url_permanently(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="OLD-1")
    login_as("supplier_staff", supplier=supplier)
    assert _rename(client, supplier, "OLD-1", "NEW-1").status_code == 302
    client.post("/account/logout")
    resp = client.get(f"/suppliers/{supplier.tax_code}/products/OLD-1")
    assert resp.status_code == 301
    assert resp.headers["Location"].endswith(f"/suppliers/{supplier.tax_code}/products/NEW-1")
    # The old code matches in any case, as SKUs do.
    assert client.get(f"/suppliers/{supplier.tax_code}/products/old-1").status_code == 301
    assert client.get(resp.headers["Location"]).status_code == 200


def test_renaming_twice_redirects_every_old_sku_to_the_current_url(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="A")
    login_as("supplier_staff", supplier=supplier)
    _rename(client, supplier, "A", "B")
    _rename(client, supplier, "B", "C")
    for old in ("A", "B"):
        resp = client.get(f"/suppliers/{supplier.tax_code}/products/{old}")
        assert resp.status_code == 301 and resp.headers["Location"].endswith("/products/C")


def test_an_old_sku_reused_by_a_new_product_wins_over_the_redirect(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="A")
    login_as("supplier_staff", supplier=supplier)
    _rename(client, supplier, "A", "B")
    client.post(
        f"/suppliers/{supplier.tax_code}/products/new",
        data={**PRODUCT, "sku": "A", "name": "Sản phẩm mới mang mã cũ"},
    )
    resp = client.get(f"/suppliers/{supplier.tax_code}/products/A")
    assert resp.status_code == 200 and "Sản phẩm mới mang mã cũ" in resp.get_data(as_text=True)
    assert session.scalar(select(ProductOldSku)) is None


def test_old_skus_are_per_supplier(client, session, login_as):
    supplier = make_supplier(session)
    other = make_supplier(session, name="Khác")
    make_product(session, supplier, sku="A")
    login_as("supplier_staff", supplier=supplier)
    _rename(client, supplier, "A", "B")
    assert client.get(f"/suppliers/{other.tax_code}/products/A").status_code == 404


def test_a_withdrawn_products_old_sku_is_not_redirected_for_the_public(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="A")
    login_as("supplier_staff", supplier=supplier)
    _rename(client, supplier, "A", "B")
    client.post(f"/suppliers/{supplier.tax_code}/products/B/withdraw")
    client.post("/account/logout")
    assert client.get(f"/suppliers/{supplier.tax_code}/products/A").status_code == 404


# --- photo order and cover ---------------------------------------------------


def _with_photos(app, session, supplier, n=3):
    product = make_product(session, supplier, sku="P1")
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    folder = Path(app.config["UPLOAD_FOLDER"])
    for i in range(n):
        services.add_photo(session, staff, product, png(color=(i * 60, 100, 100)), folder, 10**7)
    session.refresh(product)
    return product


def _order(session, product):
    session.expire_all()
    return [p.id for p in session.get(Product, product.id).photos]


def test_choosing_the_cover_puts_it_first_in_cards_and_search(app, client, session, login_as):
    supplier = make_supplier(session)
    staff = login_as("supplier_staff", supplier=supplier)
    product = _with_photos(app, session, supplier)
    first, second, third = (p.id for p in product.photos)
    assert client.post(f"/photos/{third}/cover").status_code == 302
    assert _order(session, product) == [third, first, second]
    cover = session.get(Product, product.id).photos[0].thumb_filename
    old_cover = session.get(Product, product.id).photos[1].thumb_filename
    profile = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert cover in profile and old_cover not in profile  # the product card shows the cover
    results = client.get("/search?q=máy+ép+bùn").get_data(as_text=True)
    assert cover in results and old_cover not in results
    (event,) = [e for e in list_events(session, "product", product.id) if e.action != "created"]
    assert event.action == "cover_chosen" and event.actor_id == staff.id
    assert event.before == {"photos": [first, second, third]}
    assert event.after == {"photos": [third, first, second]}


def test_photos_move_earlier_and_later(app, client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    product = _with_photos(app, session, supplier)
    a, b, c = (p.id for p in product.photos)
    client.post(f"/photos/{a}/later")
    assert _order(session, product) == [b, a, c]
    client.post(f"/photos/{c}/earlier")
    assert _order(session, product) == [b, c, a]
    client.post(f"/photos/{b}/earlier")  # already first: nothing changes, nothing logged
    assert _order(session, product) == [b, c, a]
    actions = [e.action for e in list_events(session, "product", product.id)]
    assert actions == ["created", "photos_reordered", "photos_reordered"]


@pytest.mark.parametrize("role", ["anonymous", "buyer", "other_staff"])
def test_only_own_staff_reorder_photos(app, client, session, login_as, role):
    supplier = make_supplier(session)
    product = _with_photos(app, session, supplier, n=2)
    a, b = (p.id for p in product.photos)
    if role == "buyer":
        login_as("buyer")
    elif role == "other_staff":
        login_as("supplier_staff", supplier=make_supplier(session, name="Khác"))
    expected = 302 if role == "anonymous" else 403
    assert client.post(f"/photos/{b}/cover").status_code == expected
    assert client.post(f"/photos/{a}/later").status_code == expected
    assert _order(session, product) == [a, b]


def test_reordering_an_unknown_photo_is_404(client, session, login_as):
    login_as("official")
    assert client.post("/photos/999/cover").status_code == 404
