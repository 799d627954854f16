"""Two suppliers (A, B), a catalogue file for A, and helpers to upload it."""

from __future__ import annotations

import io

import pytest

from marketplace.accounts.models import Role
from marketplace.officials import uploads
from tests.factories import make_product, make_supplier, make_user

GOOD = (
    "sku,name,category,origin,local_content_pct,price_vnd\n"
    "AQ-1,Bể lọc sinh học hiếu khí,WW,VN,80,120.000.000\n"
    "AQ-2,Máy thổi khí Roots,WW,VN,45,\n"
)


@pytest.fixture
def supplier_a(session):
    return make_supplier(session, name="Công ty Cổ phần Nước sạch Hà Đông")


@pytest.fixture
def supplier_b(session):
    supplier = make_supplier(session, name="Công ty TNHH Khí sạch Long Biên")
    make_product(session, supplier, sku="AQ-1", name="Sản phẩm của B")
    return supplier


def post_catalogue(client, tax_code, text=GOOD, name="products.csv", lang="en", extra=None):
    data = {"products": (io.BytesIO(text.encode()), name), **(extra or {})}
    return client.post(
        f"/suppliers/{tax_code}/catalogue?lang={lang}",
        data=data,
        content_type="multipart/form-data",
    )


def start(session, supplier, text=GOOD, user=None):
    """A catalogue upload of `supplier`, started by one of its staff (checked at once:
    the job queue runs jobs in-process in tests)."""
    user = user or make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    upload = uploads.start_upload(
        session, user, "catalogue", {"products": ("products.csv", text.encode())}, supplier
    )
    session.refresh(upload)
    return upload, user
