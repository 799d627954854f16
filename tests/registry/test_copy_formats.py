"""Bulk inserts on PostgreSQL copy in binary when every column's type allows it (a
product's, a spec row's) and as text otherwise (JSON, enums); the values come back
as they went in either way."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.imports import bulk
from marketplace.imports.models import ImportBatchRow
from marketplace.products.models import Product
from marketplace.registry.adapters import NEW_PRODUCT_COLUMNS, PRODUCTS, new_product_row
from tests.factories import make_supplier


def test_products_copy_in_binary_and_keep_their_values(session):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("binary COPY is PostgreSQL's")
    raw = session.connection().connection.dbapi_connection
    assert bulk._binary_types(raw, "products", NEW_PRODUCT_COLUMNS) is not None
    json_columns = ("batch_id", "entity", "row_id", "action", "key", "before", "after")
    assert bulk._binary_types(raw, "import_batch_rows", json_columns) is None
    sid = make_supplier(session).id
    session.commit()
    now = datetime(2026, 11, 28, 10, 0, 0, 123456)
    values = {
        "sku": "BX-1",
        "name": "Máy ép bùn\tbăng tải\n“1000”\\",
        "category_code": "WW-SLU",
        "origin": "VN",
        "local_content_pct": Decimal("70.5"),
        "price_vnd": 12_345_678_901,
        "hs_code": None,
    }
    bulk.bulk_insert(
        session, PRODUCTS, NEW_PRODUCT_COLUMNS, [new_product_row(sid, values, True, now)]
    )
    bulk.bulk_insert(
        session,
        ImportBatchRow.__table__,
        ("batch_id", "entity", "row_id", "action", "key", "before", "after"),
        [],
    )
    session.commit()
    p = session.scalar(select(Product).where(Product.sku == "BX-1"))
    assert (p.name, p.local_content_pct, p.price_vnd, p.hs_code, p.active, p.published_at) == (
        values["name"],
        Decimal("70.5"),
        12_345_678_901,
        None,
        True,
        now,
    )
