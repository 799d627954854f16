"""Single records: adding, correcting and deleting one moves the public figures at
once and leaves a history entry (who, when, before, after) on the record's page;
each bad value is shown on its field and nothing is stored; missing records are
404; both languages."""

from __future__ import annotations

import re

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from marketplace.imports.batches import revert_batch
from marketplace.share.models import SupplyRecord
from tests.factories import valid_tax_code
from tests.share.records_helpers import BASE, field_errors, listed_ids, rows, text

NEW = {
    "record_id": "HD-2025/117",
    "year": "2025",
    "category": "WW-SLU",
    "value_vnd": "416.666.666",
    "origin": "VN",
    "local_content_pct": "",
    "supplier_tax_code": "",
    "sku": "",
    "buyer": "Công ty Thoát nước Hà Nội",
    "source": "procurement",
}


@pytest.fixture
def loaded(registry, load):  # type: ignore[no-untyped-def]
    load(*rows(registry["tax"]))
    refresh()
    return registry


@pytest.fixture
def official(login_as):  # type: ignore[no-untyped-def]
    return login_as("official", email="kiem.tra@sct.hanoi.gov.vn")


def _ww(client, year: int = 2025) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """WW's (domestic, total) VND in /api/v1/share (origin method)."""
    body = client.get(f"/api/v1/share?year={year}").get_json()
    ww = next(c for c in body["categories"] if c["code"] == "WW")
    return ww["domestic_value_vnd"], ww["total_value_vnd"]


def _pk(session, record_id: str) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == record_id))


def _count(session) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count(SupplyRecord.id)))


def test_the_new_record_form_in_english(client, loaded, official):
    page = text(client.get(f"{BASE}/records/new?lang=en").get_data(as_text=True))
    assert "Add a supply record" in page and "Year of delivery" in page
    assert "Leave empty to use the linked product's declared value" in page


def test_the_new_record_form_in_vietnamese(client, loaded, official):
    res = client.get(f"{BASE}/records/new?lang=vi")
    page = text(res.get_data(as_text=True))
    assert "Thêm bản ghi cung ứng" in page and "Năm giao hàng" in page
    assert "Mã số thuế nhà cung cấp" in page
    assert "Trao thầu trên trang này" in res.get_data(as_text=True)  # a source option


def test_adding_a_record_moves_the_figures_and_starts_its_history(
    client, loaded, official, session
):
    before = _ww(client)
    res = client.post(f"{BASE}/records/new?lang=en", data=NEW)
    assert res.status_code == 302
    pk = _pk(session, "HD-2025/117")
    assert res.headers["Location"].endswith(f"{BASE}/records/{pk}")
    assert _ww(client) == (before[0] + 416_666_666, before[1] + 416_666_666)
    page = text(client.get(res.headers["Location"] + "?lang=en").get_data(as_text=True))
    assert "Record HD-2025/117 was added." in page
    assert "added in the form" in page and "kiem.tra@sct.hanoi.gov.vn" in page
    assert "value_vnd — 416,666,666 ₫" in page and "buyer — Công ty Thoát nước Hà Nội" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", page)


def test_a_record_linked_to_a_product_counts_with_its_declared_content(
    client, loaded, official, session
):
    data = {**NEW, "supplier_tax_code": loaded["tax"], "sku": "p1"}
    assert client.post(f"{BASE}/records/new?lang=en", data=data).status_code == 302
    page = text(
        client.get(f"{BASE}/records/{_pk(session, NEW['record_id'])}?lang=en").get_data(
            as_text=True
        )
    )
    assert "product: 60.0%" in page and "P1 · Belt filter press 1000 mm" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": "1999"}, "year", "year 1999 is outside 2000–"),
        ({"year": "năm ngoái"}, "year", "năm ngoái is not a number"),
        ({"value_vnd": "0"}, "value_vnd", "must be more than 0 VND (got 0)"),
        ({"value_vnd": "12,5"}, "value_vnd", "VND amounts are whole numbers"),
        ({"category": "XYZ"}, "category", "unknown category code XYZ"),
        ({"origin": "XX"}, "origin", "XX is not an ISO 3166-1 alpha-2 country code such as VN"),
        ({"local_content_pct": "101"}, "local_content_pct", "must be between 0 and 100"),
        (
            {"supplier_tax_code": valid_tax_code(9090)},
            "supplier_tax_code",
            "is not in the registry",
        ),
        ({"sku": "P1"}, "sku", "a SKU needs the supplier_tax_code of its supplier"),
        ({"record_id": "W1"}, "record_id", "record_id W1 is already used"),
        ({"record_id": ""}, "record_id", "is required"),
        ({"source": "fax"}, "source", "unknown source fax"),
    ],
)
def test_a_bad_value_is_shown_on_its_field_and_nothing_is_stored(
    client, loaded, official, session, changes, field, message
):
    before, figures = _count(session), _ww(client)
    res = client.post(f"{BASE}/records/new?lang=en", data={**NEW, **changes})
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "The record was not saved: check the marked fields." in page
    assert any(message in e for e in field_errors(page, field)), field_errors(page, field)
    assert f'id="{field}"' in page and 'aria-invalid="true"' in page
    assert _count(session) == before and _ww(client) == figures


def test_every_problem_of_a_form_shows_at_once(client, loaded, official):
    data = {**NEW, "year": "1999", "buyer": "x" * 301, "record_id": "W1"}
    page = client.post(f"{BASE}/records/new?lang=en", data=data).get_data(as_text=True)
    assert field_errors(page, "buyer") == ["is longer than 300 characters"]
    assert field_errors(page, "year")[0].startswith("year 1999 is outside 2000–")
    note = {**NEW, "record_id": "W1", "category": "WW", "note": "n" * 1001}
    page = client.post(f"{BASE}/records/1/edit?lang=en", data=note).get_data(as_text=True)
    assert field_errors(page, "note") == ["At most 1000 characters."]


def test_an_unknown_sku_of_a_registered_supplier_is_named(client, loaded, official, session):
    data = {**NEW, "supplier_tax_code": loaded["tax"], "sku": "NOPE-1"}
    page = client.post(f"{BASE}/records/new?lang=en", data=data).get_data(as_text=True)
    assert field_errors(page, "sku") == [
        f"supplier {loaded['tax']} has no product NOPE-1 in the registry"
    ]


def test_the_form_keeps_what_was_typed_after_an_error(client, loaded, official):
    page = client.post(f"{BASE}/records/new?lang=en", data={**NEW, "value_vnd": "0"}).get_data(
        as_text=True
    )
    assert 'value="HD-2025/117"' in page and 'value="Công ty Thoát nước Hà Nội"' in page
    assert '<option selected value="WW-SLU">' in page


def test_the_correction_form_shows_the_stored_values(client, loaded, official, session):
    pk = _pk(session, "W2")
    page = client.get(f"{BASE}/records/{pk}/edit?lang=en").get_data(as_text=True)
    assert "Correct supply record W2" in text(page)
    assert 'value="333333333"' in page and f'value="{loaded["tax"]}"' in page
    assert 'value="P1"' in page and '<option selected value="WW-SLU">' in page
    assert '<option selected value="installation">' in page


def test_correcting_a_record_moves_the_figures_and_keeps_before_and_after(
    client, loaded, official, session
):
    pk = _pk(session, "W4")  # WW, VN, 250,000,000
    domestic, total = _ww(client)
    data = {
        **NEW,
        "record_id": "W4",
        "category": "WW",
        "value_vnd": "300000000",
        "origin": "CN",
        "buyer": "",
        "source": "",
        "note": "Hợp đồng sửa đổi số 2",
    }
    res = client.post(f"{BASE}/records/{pk}/edit?lang=en", data=data)
    assert res.status_code == 302 and res.headers["Location"].endswith(f"/records/{pk}")
    assert _ww(client) == (domestic - 250_000_000, total + 50_000_000)
    page = text(client.get(f"{BASE}/records/{pk}?lang=en").get_data(as_text=True))
    assert "The record was corrected: 2 field(s) changed." in page
    assert "corrected in the form" in page and "kiem.tra@sct.hanoi.gov.vn" in page
    assert "Note: Hợp đồng sửa đổi số 2" in page
    assert "value_vnd 250,000,000 ₫ 300,000,000 ₫" in page
    assert "origin VN CN" in page
    assert "added by an import" in page  # the older entry stays


def test_saving_the_stored_values_changes_nothing(client, loaded, official, session):
    pk = _pk(session, "W1")
    data = {
        **NEW,
        "record_id": "W1",
        "category": "WW",
        "value_vnd": "1.000.000.000",
        "local_content_pct": "55,5",
        "buyer": "UBND phường Hoàn Kiếm",
    }
    res = client.post(f"{BASE}/records/{pk}/edit?lang=en", data=data, follow_redirects=True)
    page = text(res.get_data(as_text=True))
    assert "Nothing changed: the form held the stored values." in page
    assert "corrected in the form" not in page


def test_a_correction_is_checked_like_a_new_record(client, loaded, official, session):
    pk = _pk(session, "W4")
    data = {**NEW, "record_id": "W1", "value_vnd": "-5"}
    page = client.post(f"{BASE}/records/{pk}/edit?lang=en", data=data).get_data(as_text=True)
    assert field_errors(page, "value_vnd") == ["must be more than 0 VND (got -5)"]
    data = {**NEW, "record_id": "W1"}
    page = client.post(f"{BASE}/records/{pk}/edit?lang=en", data=data).get_data(as_text=True)
    assert field_errors(page, "record_id") == ["record_id W1 is already used"]
    assert _pk(session, "W4") == pk


def test_the_history_links_an_import_to_its_batch(client, loaded, official, session):
    page = client.get(f"{BASE}/records/{_pk(session, 'W1')}?lang=en").get_data(as_text=True)
    assert 'href="/officials/imports/batches/1"' in page
    assert "added by an import" in text(page) and "command line" in text(page)


def test_deleting_asks_first_then_moves_the_figures_and_keeps_the_values(
    client, loaded, official, session
):
    pk = _pk(session, "W3")  # WW-AER, CN, 500,000,001
    domestic, total = _ww(client)
    page = text(client.get(f"{BASE}/records/{pk}/delete?lang=en").get_data(as_text=True))
    assert "Delete supply record W3?" in page and "500,000,001 ₫" in page and "China" in page
    assert _pk(session, "W3") == pk  # asking deletes nothing
    res = client.post(f"{BASE}/records/{pk}/delete?lang=en", data={"note": "Trùng với W1"})
    assert res.status_code == 302 and res.headers["Location"].endswith(f"{BASE}/records")
    assert _pk(session, "W3") is None
    assert _ww(client) == (domestic, total - 500_000_001)
    listing = client.get(res.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Record W3 was deleted." in text(listing) and "W3" not in listed_ids(listing)
    gone = client.get(f"{BASE}/records/{pk}?lang=en")
    assert gone.status_code == 410
    page = text(gone.get_data(as_text=True))
    assert "This record was deleted." in page and "kiem.tra@sct.hanoi.gov.vn" in page
    assert "Note: Trùng với W1" in page and "value_vnd 500,000,001 ₫ —" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "{pk}"),
        ("get", "{pk}/edit"),
        ("post", "{pk}/edit"),
        ("get", "{pk}/delete"),
        ("post", "{pk}/delete"),
    ],
)
def test_a_missing_record_is_404(client, loaded, official, method, path):
    res = getattr(client, method)(f"{BASE}/records/{path.format(pk=9999)}?lang=en", data=NEW)
    assert res.status_code == 404
    assert "There is no such supply record." in res.get_data(as_text=True)


def test_a_new_record_reusing_a_deleted_id_does_not_take_its_history(
    client, load, official, session
):
    load("ONLY,2025,WW,1000,VN,,,,,")
    pk = _pk(session, "ONLY")
    client.post(f"{BASE}/records/{pk}/delete", data={})
    res = client.post(f"{BASE}/records/new", data={**NEW, "record_id": "NEXT"})
    new_pk = _pk(session, "NEXT")
    page = text(client.get(res.headers["Location"] + "?lang=en").get_data(as_text=True))
    history = page.split("History", 1)[1]
    assert new_pk != pk  # ids are never given again (AUTOINCREMENT on SQLite)
    assert "added in the form" in history
    assert "deleted" not in history and "added by an import" not in history


def test_reverting_the_import_shows_in_the_history(client, load, official, session):
    load("R1,2025,WW,1000,VN,,,,,")
    report = load("R1,2025,WW,2000,VN,,,,,", "R2,2025,WW,5000,VN,,,,,")
    pk1, pk2 = _pk(session, "R1"), _pk(session, "R2")
    revert_batch(session, official, report.batch_id)
    page = text(client.get(f"{BASE}/records/{pk1}?lang=en").get_data(as_text=True))
    assert "import reverted" in page and "value_vnd 2,000 ₫ 1,000 ₫" in page
    gone = client.get(f"{BASE}/records/{pk2}?lang=en")
    assert gone.status_code == 410  # the revert took away the record it had created
    assert "import reverted" in text(gone.get_data(as_text=True))
