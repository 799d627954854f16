import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.products.models import Product
from tests.factories import make_product, make_supplier

PRODUCT = {
    "sku": "BFP-1000",
    "name": "Máy ép bùn băng tải 1000 mm",
    "name_en": "Belt filter press",
    "category": "WW-SLU",
    "origin": "VN",
    "local_content_pct": "75",
    "hs_code": "8421.29",
    "price_vnd": "350000000",
    "certifications": "ISO 9001",
    "specs": "khổ băng: 1000 mm\nvật liệu: inox SUS304",
    "description": "Ép bùn sinh học.",
    "description_en": "",
}


def _png(size=(800, 600), fmt="PNG") -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buf, fmt)
    buf.seek(0)
    return buf


def test_staff_add_a_product_with_specifications(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    response = client.post(f"/suppliers/{supplier.tax_code}/products/new", data=PRODUCT)
    assert response.headers["Location"].endswith("/products/BFP-1000")
    product = session.scalar(select(Product).where(Product.sku == "BFP-1000"))
    assert product.hs_code == "842129"
    assert [(s.key, s.value) for s in product.specs] == [
        ("khổ băng", "1000 mm"),
        ("vật liệu", "inox SUS304"),
    ]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Máy ép bùn băng tải 1000 mm" in html and "inox SUS304" in html


def test_bad_product_fields_are_reported_per_field(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    html = client.post(
        f"/suppliers/{supplier.tax_code}/products/new",
        data={**PRODUCT, "hs_code": "12", "specs": "không có dấu hai chấm"},
    ).get_data(as_text=True)
    assert "phải có 6 hoặc 8 chữ số" in html
    assert "không có dạng tên: giá trị" in html
    assert session.scalar(select(Product)) is None


def test_sku_is_unique_per_supplier(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="BFP-1000")
    login_as("supplier_staff", supplier=supplier)
    html = client.post(f"/suppliers/{supplier.tax_code}/products/new", data=PRODUCT).get_data(
        as_text=True
    )
    assert "Bạn đã có sản phẩm mã BFP-1000." in html


@pytest.mark.parametrize("role", ["anonymous", "buyer", "other_staff"])
def test_only_own_staff_change_products(client, session, login_as, role):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    if role == "buyer":
        login_as("buyer")
    elif role == "other_staff":
        login_as("supplier_staff", supplier=make_supplier(session, name="Khác"))
    base = f"/suppliers/{supplier.tax_code}/products"
    expected = 302 if role == "anonymous" else 403
    assert client.post(f"{base}/new", data=PRODUCT).status_code == expected
    assert client.post(f"{base}/P1/edit", data=PRODUCT).status_code == expected
    assert client.post(f"{base}/P1/withdraw").status_code == expected
    assert (
        client.post(
            f"{base}/P1/photos",
            data={"photo": (_png(), "a.png")},
            content_type="multipart/form-data",
        ).status_code
        == expected
    )
    session.refresh(product)
    assert product.active and product.name == "Máy ép bùn băng tải 1000 mm"


def test_withdrawn_products_disappear_for_buyers(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="P1", name="Sản phẩm ngừng bán")
    login_as("supplier_staff", supplier=supplier)
    client.post(f"/suppliers/{supplier.tax_code}/products/P1/withdraw")
    client.post("/account/logout")
    assert client.get(f"/suppliers/{supplier.tax_code}/products/P1").status_code == 404
    assert "Sản phẩm ngừng bán" not in client.get("/categories/WW").get_data(as_text=True)


def test_photo_is_reencoded_and_thumbnailed(app, client, session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    client.post(
        f"/suppliers/{supplier.tax_code}/products/P1/photos",
        data={"photo": (_png((3000, 2000)), "anh.png")},
        content_type="multipart/form-data",
    )
    session.refresh(product)
    assert len(product.photos) == 1
    folder = Path(app.config["UPLOAD_FOLDER"])
    with Image.open(folder / product.photos[0].filename) as full:
        assert full.format == "JPEG" and max(full.size) == 1600
    with Image.open(folder / product.photos[0].thumb_filename) as thumb:
        assert max(thumb.size) == 400
    page = client.get(f"/suppliers/{supplier.tax_code}/products/P1").get_data(as_text=True)
    assert product.photos[0].thumb_filename in page


def test_a_non_image_is_rejected(client, session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    html = client.post(
        f"/suppliers/{supplier.tax_code}/products/P1/photos",
        data={"photo": (io.BytesIO(b"<?php echo 1; ?>"), "x.jpg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Tệp không phải ảnh đọc được." in html
    session.refresh(product)
    assert product.photos == []


def test_gif_is_not_accepted(client, session, login_as):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    html = client.post(
        f"/suppliers/{supplier.tax_code}/products/P1/photos",
        data={"photo": (_png(fmt="GIF"), "x.gif")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP." in html


def test_at_most_six_photos(client, session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    for _ in range(7):
        client.post(
            f"/suppliers/{supplier.tax_code}/products/P1/photos",
            data={"photo": (_png((300, 200)), "a.png")},
            content_type="multipart/form-data",
        )
    session.refresh(product)
    assert len(product.photos) == 6


def test_deleting_a_photo_removes_its_files(app, client, session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    client.post(
        f"/suppliers/{supplier.tax_code}/products/P1/photos",
        data={"photo": (_png(), "a.png")},
        content_type="multipart/form-data",
    )
    session.refresh(product)
    photo = product.photos[0]
    client.post(f"/photos/{photo.id}/delete")
    assert not (Path(app.config["UPLOAD_FOLDER"]) / photo.filename).exists()
