"""A product's category and supplier and a spec row's product must exist, on both
engines: PostgreSQL checks them once a statement (migration 0020), SQLite with its
foreign keys. An unknown key fails the statement (single insert, bulk COPY or
executemany, update) and nothing of it stays; deleting a supplier deletes its
products and their specs, deleting a product its specs (as ON DELETE CASCADE did),
whatever the path; a category still named cannot be deleted; no parent's key can
change under its children."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.categories.models import Category
from marketplace.db import utcnow
from marketplace.imports.bulk import bulk_insert
from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier
from tests.factories import make_product, make_supplier

PRODUCTS = Product.__table__
SPECS = ProductSpec.__table__
COLUMNS = ("supplier_id", "sku", "name", "category_code", "origin", "active", "created_at",
           "updated_at")  # fmt: skip


def _row(sid: int, sku: str, code: str = "WW") -> tuple[object, ...]:
    now = utcnow()
    return (sid, sku, "Máy thổi khí", code, "VN", True, now, now)


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def test_unknown_categories_and_suppliers_fail_every_path(session):
    sid = make_supplier(session).id
    session.commit()
    rows = [_row(sid, f"B-{i}", "WW-SLU" if i % 2 else "AIR") for i in range(2500)]
    rows[1777] = _row(sid, "B-1777", "WW-XX")
    with pytest.raises(IntegrityError, match="fk_products_category_code_categories|FOREIGN"):
        bulk_insert(session, PRODUCTS, COLUMNS, iter(rows))
        session.flush()
    session.rollback()
    assert _count(session, Product) == 0
    with pytest.raises(IntegrityError, match="fk_products_supplier_id_suppliers|FOREIGN"):
        session.execute(insert(PRODUCTS).values(dict(zip(COLUMNS, _row(10**8, "S"), strict=True))))
    session.rollback()
    bulk_insert(session, PRODUCTS, COLUMNS, iter(rows[:1777]))
    session.commit()
    assert _count(session, Product) == 1777
    for values in ({"category_code": "ZZ"}, {"supplier_id": 10**8}):
        with pytest.raises(IntegrityError):
            session.execute(update(PRODUCTS).where(PRODUCTS.c.sku == "B-5").values(**values))
        session.rollback()
    assert (
        session.scalar(select(PRODUCTS.c.category_code).where(PRODUCTS.c.sku == "B-5")) == "WW-SLU"
    )


def test_a_spec_of_an_unknown_product_fails(session):
    pid = make_product(session, make_supplier(session)).id
    session.commit()
    specs = [(pid, f"k{i}", "v", i) for i in range(300)] + [(10**8, "k", "v", 0)]
    with pytest.raises(IntegrityError, match="fk_product_specs_product_id_products|FOREIGN"):
        bulk_insert(session, SPECS, ("product_id", "key", "value", "position"), iter(specs))
        session.flush()
    session.rollback()
    assert session.scalar(select(func.count()).where(SPECS.c.product_id == pid)) == 1


def test_deleting_a_supplier_or_a_product_takes_what_hangs_on_it(session):
    kept = make_product(session, make_supplier(session))
    gone = make_supplier(session)
    doomed = [make_product(session, gone) for _ in range(3)]
    session.add(
        ProductPhoto(
            product=doomed[0], filename="a.jpg", thumb_filename="a-t.jpg", width=8, height=8
        )
    )
    session.commit()
    ids = [p.id for p in doomed]
    session.execute(delete(Supplier).where(Supplier.id == gone.id))  # set-wise, not the ORM
    session.commit()
    assert session.scalar(select(func.count()).where(PRODUCTS.c.id.in_(ids))) == 0
    assert session.scalar(select(func.count()).where(SPECS.c.product_id.in_(ids))) == 0
    assert _count(session, ProductPhoto) == 0
    session.execute(delete(Product).where(Product.id == kept.id))
    session.commit()
    assert _count(session, ProductSpec) == 0


def test_a_named_category_cannot_be_deleted_nor_a_parent_key_changed(session):
    session.add(Category(code="TMPK", name_vi="Tạm", name_en="Temporary", position=99))
    session.commit()
    try:
        product = make_product(session, make_supplier(session), category_code="TMPK")
        session.commit()
        sid, pid = product.supplier_id, product.id
        for stmt in (
            delete(Category).where(Category.code == "TMPK"),
            update(Category).where(Category.code == "TMPK").values(code="TMPQ"),
            update(Supplier).where(Supplier.id == sid).values(id=10**7),
            update(Product).where(Product.id == pid).values(id=10**7),
        ):
            with pytest.raises(IntegrityError):
                session.execute(stmt)
            session.rollback()
        session.execute(update(Category).where(Category.code == "TMPK").values(name_en="Kept"))
        session.commit()
        assert session.get(Category, "TMPK").name_en == "Kept"
    finally:  # categories are reference data: the next test's database keeps them
        session.rollback()
        session.execute(delete(Product).where(Product.category_code == "TMPK"))
        session.execute(delete(Category).where(Category.code == "TMPK"))
        session.commit()
