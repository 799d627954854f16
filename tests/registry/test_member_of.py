"""Look-ups of many keys at once (`member_of`) find exactly the stored rows, on
both engines, for text and integer columns, whatever characters the keys hold."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.imports.bulk import member_of
from marketplace.suppliers.models import Supplier
from tests.factories import make_supplier


def _found(session, column, values):
    out = set()
    for cond in member_of(session, column, values):
        out.update(session.scalars(select(column).where(cond)))
    return out


def test_member_of_finds_text_and_integer_keys(session):
    suppliers = [make_supplier(session) for _ in range(3)]
    session.commit()
    taxes = [s.tax_code for s in suppliers]
    ids = [s.id for s in suppliers]
    assert _found(session, Supplier.tax_code, [*taxes[:2], "0000000000", "x,y"]) == set(taxes[:2])
    assert _found(session, Supplier.id, [ids[0], ids[2], 10**9]) == {ids[0], ids[2]}
    assert _found(session, Supplier.tax_code, []) == set()


def test_member_of_keeps_keys_with_separators_whole(session):
    odd = make_supplier(session, name="Tên\x1fcó ký tự lạ")
    session.commit()
    names = ["Tên\x1fcó ký tự lạ", "Tên", "có ký tự lạ"]
    assert _found(session, Supplier.name, names) == {odd.name}
