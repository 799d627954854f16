"""A supply-records batch keeps the records it created as runs of ids, not a row
each: counted, listed on the batch page (paginated, filtered), checked and undone
by a revert (which then keeps their values as rows), and shown in each record's
history with the values the import gave, even after later edits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.imports import batches
from marketplace.imports.models import ImportBatchRow, ImportBatchRun
from marketplace.share import services
from marketplace.share.models import SupplyRecord
from tests.share.records_helpers import BASE, text


def _pk(session, rid):  # type: ignore[no-untyped-def]
    return session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == rid))


def _rows(n: int, start: int = 0, value: int = 1000) -> list[str]:
    return [f"N{i:04d},2025,WW,{value + i},VN,,,,," for i in range(start, start + n)]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [([], []), ([5], [(5, 5)]), ([3, 1, 2], [(1, 3)]), ([1, 2, 4, 7, 8], [(1, 2), (4, 4), (7, 8)])],
)
def test_runs_of_consecutive_ids(ids, expected):
    assert list(batches.runs(ids)) == expected


def test_created_records_are_one_run_and_updates_stay_rows(session, load):
    load(*_rows(3))
    report = load(*_rows(3, value=5000), *_rows(120, start=3))
    (run,) = session.scalars(
        select(ImportBatchRun).where(ImportBatchRun.batch_id == report.batch_id)
    )
    assert (run.entity, run.size) == ("supply_record", 120)
    assert run.first_id == _pk(session, "N0003") and run.last_id == _pk(session, "N0122")
    recorded = session.scalars(
        select(ImportBatchRow).where(ImportBatchRow.batch_id == report.batch_id)
    ).all()
    assert {(r.key, r.action) for r in recorded} == {(f"N{i:04d}", "updated") for i in range(3)}
    assert batches.count_batch_rows(session, report.batch_id) == {"created": 120, "updated": 3}


def test_the_batch_page_lists_run_records_then_updated_rows(client, session, official, load):
    from tests import factories

    factories.sign_in(client, session, official)
    load(*_rows(3))
    report = load(*_rows(3, value=5000), *_rows(60, start=3))
    url = f"/officials/imports/batches/{report.batch_id}?lang=en"
    first = text(client.get(url).get_data(as_text=True))
    assert "New (60)" in first and "Updated (3)" in first
    assert "N0003" in first and "N0052" in first and "N0053" not in first
    second = text(client.get(url + "&page=2").get_data(as_text=True))
    assert "N0053" in second and "N0062" in second and "N0003" not in second
    assert "N0000" in second  # the updated rows follow the new ones
    updated = text(client.get(url + "&action=updated").get_data(as_text=True))
    assert "N0001" in updated and "N0003" not in updated
    new = text(client.get(url + "&action=created&page=2").get_data(as_text=True))
    assert "N0062" in new and "N0000" not in new


def test_a_revert_checks_run_records_and_keeps_their_values(session, official, load):
    report = load(*_rows(5))
    pk = _pk(session, "N0002")
    raw = {k: "" if v is None else str(v) for k, v in services.record_fields(session, pk).items()}
    services.update_record(session, official, pk, {**raw, "category": "WW", "value_vnd": "7777"})
    with pytest.raises(batches.RevertRefused, match="N0002 \\(value_vnd\\)"):
        batches.revert_batch(session, None, report.batch_id)
    services.delete_record(session, official, pk)
    with pytest.raises(batches.RevertRefused, match="N0002 was deleted"):
        batches.revert_batch(session, None, report.batch_id)
    other = load(*_rows(4, start=10))
    gone = _pk(session, "N0011")
    batches.revert_batch(session, None, other.batch_id)
    assert session.scalar(select(func.count()).where(SupplyRecord.record_id.like("N001%"))) == 0
    kept = session.scalars(
        select(ImportBatchRow).where(ImportBatchRow.batch_id == other.batch_id)
    ).all()
    assert [r.key for r in kept] == ["N0010", "N0011", "N0012", "N0013"]
    assert kept[1].after["value_vnd"] == 1011 and kept[1].action == "created"
    assert batches.count_batch_rows(session, other.batch_id) == {"created": 4}
    history = services.record_history(session, gone)
    assert [h.action for h in history] == ["imported", "import-reverted"]
    assert ("value_vnd", None, 1011) in history[0].changes


def test_history_shows_the_imported_values_after_later_edits(client, session, official, load):
    from tests import factories

    load(*_rows(2))
    pk = _pk(session, "N0001")
    raw = {k: "" if v is None else str(v) for k, v in services.record_fields(session, pk).items()}
    services.update_record(session, official, pk, {**raw, "category": "AIR", "value_vnd": "9999"})
    history = services.record_history(session, pk)
    assert [h.action for h in history] == ["imported", "updated"]
    imported = {c: after for c, _before, after in history[0].changes}
    assert imported["value_vnd"] == 1001 and imported["category_code"] == "WW"
    factories.sign_in(client, session, official)
    page = text(client.get(f"{BASE}/records/{pk}?lang=en").get_data(as_text=True))
    assert "added by an import" in page and "1,001 ₫" in page


def test_the_batch_page_shows_changed_and_deleted_records_as_imported(
    client, session, official, load
):
    from tests import factories

    report = load(*_rows(3))
    pk0, pk1 = _pk(session, "N0000"), _pk(session, "N0001")
    raw = {k: "" if v is None else str(v) for k, v in services.record_fields(session, pk0).items()}
    services.update_record(session, official, pk0, {**raw, "category": "WW", "value_vnd": "150000"})
    services.delete_record(session, official, pk1)
    factories.sign_in(client, session, official)
    page = text(
        client.get(f"/officials/imports/batches/{report.batch_id}?lang=en").get_data(as_text=True)
    )
    assert "New (3)" in page
    assert (
        "changed since (shown as imported)" in page and "deleted since (shown as imported)" in page
    )
    assert "150000" not in page
    assert "value_vnd : 1,000 ₫" in page and "value_vnd : 1,001 ₫" in page
    assert "N0001" in page  # deleted, still listed by its record id
    with pytest.raises(batches.RevertRefused, match="N0001 was deleted"):
        batches.revert_batch(session, None, report.batch_id)
    vi = text(
        client.get(f"/officials/imports/batches/{report.batch_id}?lang=vi").get_data(as_text=True)
    )
    assert "N0001" in vi
