"""A supply record's category, supplier and product must exist, on both engines:
PostgreSQL checks them once a statement (migration 0017), SQLite with its foreign
keys. Whatever the path (single insert, bulk COPY/executemany, update), an unknown
key fails the statement and nothing of it stays; a parent still named by a record
cannot be deleted or renamed; one that no record names can."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.categories.models import Category
from marketplace.db import utcnow
from marketplace.imports.bulk import bulk_insert
from marketplace.products.models import Product
from marketplace.share.records import R as RECORDS
from marketplace.suppliers.models import Supplier
from tests.factories import make_product, make_supplier

COLUMNS = ("record_id", "year", "category_code", "value_vnd", "origin", "created_at",
           "updated_at")  # fmt: skip


def _row(rid: str, code: str) -> tuple[object, ...]:
    now = utcnow()
    return (rid, 2025, code, 1000, "VN", now, now)


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(RECORDS))


def test_an_unknown_category_fails_a_single_insert(session):
    with pytest.raises(IntegrityError, match="fk_supply_records_category_code_categories|FOREIGN"):
        session.execute(insert(RECORDS).values(dict(zip(COLUMNS, _row("R1", "NOPE"), strict=True))))
    session.rollback()
    assert _count(session) == 0


def test_one_unknown_category_fails_a_whole_bulk_insert(session):
    rows = [_row(f"B{i:05d}", "WW-SLU" if i % 2 else "AIR") for i in range(2500)]
    rows[1777] = _row("B01777", "WW-XX")
    with pytest.raises(IntegrityError):
        bulk_insert(session, RECORDS, COLUMNS, iter(rows))
        session.flush()
    session.rollback()
    assert _count(session) == 0
    bulk_insert(session, RECORDS, COLUMNS, iter(rows[:1777]))  # the good ones go in
    session.commit()
    assert _count(session) == 1777


def test_an_update_to_an_unknown_category_fails(session):
    bulk_insert(session, RECORDS, COLUMNS, iter([_row("U1", "WW")]))
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(update(RECORDS).values(category_code="ZZ"))
    session.rollback()
    assert session.scalar(select(RECORDS.c.category_code)) == "WW"


def test_a_named_category_cannot_be_deleted_or_renamed_an_unnamed_one_can(session):
    session.add(Category(code="TMP", name_vi="Tạm", name_en="Temporary", position=99))
    session.add(Category(code="TMP2", name_vi="Tạm 2", name_en="Temporary 2", position=99))
    session.commit()
    try:
        bulk_insert(session, RECORDS, COLUMNS, iter([_row("D1", "TMP")]))
        session.commit()
        with pytest.raises(IntegrityError):
            session.execute(delete(Category).where(Category.code == "TMP"))
        session.rollback()
        with pytest.raises(IntegrityError):
            session.execute(update(Category).where(Category.code == "TMP").values(code="TMQ"))
        session.rollback()
        session.execute(update(Category).where(Category.code == "TMP").values(name_en="Kept"))
        session.execute(delete(Category).where(Category.code == "TMP2"))
        session.commit()
        assert session.get(Category, "TMP2") is None
        assert session.get(Category, "TMP").name_en == "Kept"
    finally:  # categories are reference data: the next test's database keeps them
        session.rollback()
        session.execute(delete(RECORDS))
        session.execute(delete(Category).where(Category.code.in_(["TMP", "TMP2"])))
        session.commit()


def test_unknown_suppliers_and_products_fail_named_ones_cannot_be_deleted(session):
    product = make_product(session, make_supplier(session))
    session.commit()
    sid, pid = product.supplier_id, product.id
    cols = (*COLUMNS, "supplier_id", "product_id")
    with pytest.raises(IntegrityError, match="supplier_id|FOREIGN"):
        bulk_insert(session, RECORDS, cols, iter([(*_row("S1", "WW"), 10**8, None)]))
        session.flush()
    session.rollback()
    with pytest.raises(IntegrityError, match="product_id|FOREIGN"):
        session.execute(
            insert(RECORDS).values(dict(zip(cols, (*_row("P1", "WW"), sid, 10**8), strict=True)))
        )
    session.rollback()
    bulk_insert(session, RECORDS, cols, iter([(*_row("OK1", "WW"), sid, pid)]))
    session.commit()
    for table, pk in ((Product, pid), (Supplier, sid)):
        with pytest.raises(IntegrityError):
            session.execute(delete(table).where(table.id == pk))
        session.rollback()
    session.execute(delete(RECORDS))
    session.execute(delete(Product).where(Product.id == pid))
    session.execute(delete(Supplier).where(Supplier.id == sid))
    session.commit()
    assert session.get(Supplier, sid) is None
