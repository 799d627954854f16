"""The index rebuild reads products in keyset pages by id: each page must walk an
index in id order, not sort every searchable product again (on SQLite that is
ix_products_active, read as (active, id))."""

from __future__ import annotations

import pytest

from marketplace.products.models import Product
from marketplace.searches import document_rows
from marketplace.suppliers.models import Supplier


def test_a_rebuild_page_needs_no_sort(session):
    stmt = (
        document_rows._select()
        .where(Product.active.is_(True), Supplier.state.in_(document_rows.SEARCHABLE_STATES))
        .order_by(Product.id)
        .limit(500)
        .where(Product.id > 5000)
    )
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans by its statistics, not by the indexes alone")
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "TEMP B-TREE" not in plan, plan
