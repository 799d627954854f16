"""Exports of the filtered records: the rows and order the page shows, in the
import format, so that importing the file back changes nothing; streamed; cells a
spreadsheet would run as formulas stay text."""

from __future__ import annotations

import csv
import io

import pytest
from flask_babel import refresh
from openpyxl import load_workbook

from marketplace.share import records_export
from marketplace.share.fields import SUPPLY_COLUMNS
from marketplace.share.imports import import_supply_records
from tests.share.records_helpers import BASE, listed_ids, rows, text


@pytest.fixture
def loaded(registry, load):  # type: ignore[no-untyped-def]
    load(*rows(registry["tax"]))
    refresh()
    return registry


@pytest.fixture
def as_official(login_as):  # type: ignore[no-untyped-def]
    return login_as("official")


def _csv(client, query: str = "") -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    res = client.get(f"{BASE}/records.csv?{query}")
    assert res.status_code == 200
    assert res.mimetype == "text/csv"
    body = res.get_data(as_text=True)
    assert body.startswith("\ufeff")  # Excel reads UTF-8 with the BOM only
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def _xlsx(client, query: str = "") -> list[list[str]]:  # type: ignore[no-untyped-def]
    res = client.get(f"{BASE}/records.xlsx?{query}")
    assert res.status_code == 200
    ws = load_workbook(io.BytesIO(res.get_data()), read_only=True).worksheets[0]
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "query",
    [
        "year=2025&category=WW",
        "origin=import&sort=record",
        "linked=any&sort=value_asc",
        "source=none&sort=year",
        "q=hoàn kiếm",
    ],
)
def test_csv_holds_the_filtered_rows_in_the_order_of_the_page(client, loaded, as_official, query):
    page = client.get(f"{BASE}/records?lang=en&{query}").get_data(as_text=True)
    exported = _csv(client, query)
    assert [r["record_id"] for r in exported] == listed_ids(page)
    total = sum(int(r["value_vnd"]) for r in exported)
    assert f"total value: {total:,} ₫" in text(page)


def test_csv_has_the_import_columns_and_values_as_the_import_reads_them(
    client, loaded, as_official
):
    exported = _csv(client, "year=2025&category=WW&sort=record")
    assert list(exported[0]) == list(SUPPLY_COLUMNS)
    tax = loaded["tax"]
    assert [list(r.values()) for r in exported] == [
        [
            "W1",
            "2025",
            "WW",
            "1000000000",
            "VN",
            "55.5",
            "",
            "",
            "UBND phường Hoàn Kiếm",
            "procurement",
        ],
        ["W2", "2025", "WW-SLU", "333333333", "VN", "", tax, "P1", "", "installation"],
        ["W3", "2025", "WW-AER", "500000001", "CN", "12.25", "", "", "", "survey"],
        ["W4", "2025", "WW", "250000000", "VN", "", "", "", "", ""],
    ]


def test_xlsx_holds_the_same_rows_numbers_as_numbers(client, loaded, as_official):
    sheet = _xlsx(client, "year=2025&category=WW&sort=record")
    assert sheet[0] == list(SUPPLY_COLUMNS)
    assert [r[0] for r in sheet[1:]] == ["W1", "W2", "W3", "W4"]
    assert sheet[2] == [
        "W2",
        2025,  # numbers a spreadsheet can sum; codes stay text
        "WW-SLU",
        333333333,
        "VN",
        "",
        loaded["tax"],
        "P1",
        "",
        "installation",
    ]


def test_the_file_name_says_what_was_exported(client, loaded, as_official):
    res = client.get(f"{BASE}/records.csv?year=2025&category=WW")
    res.close()  # a streamed body holds its request context until closed
    assert 'filename="supply-records-2025-WW.csv"' in res.headers["Content-Disposition"]
    res = client.get(f"{BASE}/records.xlsx")
    res.close()
    assert 'filename="supply-records.xlsx"' in res.headers["Content-Disposition"]


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(client, loaded, as_official, session, ext):
    res = client.get(f"{BASE}/records.{ext}")
    report = import_supply_records(session, (f"records.{ext}", res.get_data()))
    counts = report.count("supply_record")
    assert (counts.created, counts.updated, counts.unchanged, counts.rejected) == (0, 0, 11, 0)
    assert report.errors == []


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_formulas_stay_text_and_import_back_unchanged(client, load, as_official, session, ext):
    hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(A1)"]
    load(
        *[
            f'F{i},2025,WW,1000,VN,,,,"{b.replace(chr(34), chr(34) * 2)}",'
            for i, b in enumerate(hostile)
        ]
    )
    res = client.get(f"{BASE}/records.{ext}?sort=record")
    if ext == "csv":
        buyers = [r["buyer"] for r in csv.DictReader(io.StringIO(res.get_data(as_text=True)[1:]))]
        assert buyers == ["'" + b for b in hostile]
    else:
        ws = load_workbook(io.BytesIO(res.get_data())).worksheets[0]
        cells = [ws.cell(row=i, column=9) for i in range(2, 6)]
        assert [c.data_type for c in cells] == ["s"] * 4  # text, never a formula
        assert [c.value for c in cells] == hostile
    report = import_supply_records(session, (f"back.{ext}", res.get_data()))
    assert report.count("supply_record").unchanged == 4 and report.errors == []


def test_csv_is_streamed_in_chunks(client, load, as_official, monkeypatch):
    monkeypatch.setattr(records_export, "CHUNK", 7)
    load(*[f"S{i:03d},2025,REC,{1000 + i},VN,,,,," for i in range(30)])
    res = client.get(f"{BASE}/records.csv?sort=record", buffered=False)
    assert res.is_streamed
    chunks = list(res.response)
    assert len(chunks) >= 4
    body = "".join(c.decode() if isinstance(c, bytes) else c for c in chunks)
    assert [r["record_id"] for r in csv.DictReader(io.StringIO(body[1:]))] == [
        f"S{i:03d}" for i in range(30)
    ]
    res.close()


def test_xlsx_refuses_more_rows_than_a_sheet_holds(client, loaded, as_official, monkeypatch):
    monkeypatch.setattr(records_export, "XLSX_MAX_ROWS", 4)
    res = client.get(f"{BASE}/records.xlsx?lang=en&year=2025")
    assert res.status_code == 422
    assert "10 records are more than an XLSX sheet holds: export them as CSV" in text(
        res.get_data(as_text=True)
    )
    assert client.get(f"{BASE}/records.xlsx?year=2025&category=WW").status_code == 200


def test_an_empty_selection_exports_the_header_only(client, loaded, as_official):
    res = client.get(f"{BASE}/records.csv?year=2024")
    assert res.get_data(as_text=True) == "\ufeff" + ",".join(SUPPLY_COLUMNS) + "\r\n"
