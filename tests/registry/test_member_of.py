"""Look-ups of many keys at once (`member_of`) find exactly the stored rows, on
both engines, for text and integer columns, whatever characters the keys hold;
`bulk_insert_ids` gives each inserted row its own id without reading them back."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.db import utcnow
from marketplace.imports.bulk import bulk_insert_ids, member_of
from marketplace.share.records import R as RECORDS
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


def _records(session, n, prefix):
    """`n` supply records inserted with `bulk_insert_ids`; (record_id, id) pairs."""
    now = utcnow()
    rows = [(f"{prefix}{i:05d}", 2025, "WW", 1000 + i, "VN", now, now) for i in range(n)]
    ids = bulk_insert_ids(
        session, RECORDS, ("record_id", "year", "category_code", "value_vnd", "origin",
                           "created_at", "updated_at"), rows,
    )  # fmt: skip
    return [(row[0], pk) for row, pk in zip(rows, ids, strict=True)]


def test_bulk_insert_ids_returns_each_rows_own_id(session):
    _records(session, 3, "A")  # ids already taken
    pairs = _records(session, 1500, "B")
    session.commit()
    stored = dict(session.execute(select(RECORDS.c.record_id, RECORDS.c.id)).tuples().all())
    assert all(stored[rid] == pk for rid, pk in pairs)
    assert len({pk for _rid, pk in pairs}) == 1500
    assert _records(session, 0, "C") == []


def test_member_of_a_filled_range_selects_exactly_those_ids(session):
    ids = [pk for _rid, pk in _records(session, 1500, "D")]
    session.commit()
    everything = set(ids)
    assert _found(session, RECORDS.c.id, ids) == everything
    assert _found(session, RECORDS.c.id, [*ids, *ids[:10]]) == everything  # repeated keys
    # A gap (or a key past the end) is not a filled range: the row in the gap stays out.
    gap = ids[:700] + ids[701:]
    assert _found(session, RECORDS.c.id, gap) == everything - {ids[700]}
    past = ids[1:] + [ids[-1] + 5]
    assert _found(session, RECORDS.c.id, past) == everything - {ids[0]}
