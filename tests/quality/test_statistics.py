"""Registry statistics: each table's counts, its files, and the verified list
through the command line and the officials' page."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from marketplace.registry.supplier_export import STATE_COLUMNS
from marketplace.suppliers.fields import SUPPLIER_COLUMNS
from marketplace.suppliers.models import Ownership, VerificationEvent, VerificationState
from tests import factories


@pytest.fixture
def registry(session):
    """Two verified Hà Nội suppliers (domestic, foreign), one rejected elsewhere."""
    a = factories.make_supplier(session, name="A", commune="Phường Cầu Giấy")
    b = factories.make_supplier(
        session, name="B", commune="Phường Hoàn Kiếm", ownership=Ownership.FOREIGN
    )
    c = factories.make_supplier(
        session, name="=HYPERLINK(1)", province="Bắc Ninh", commune=None,
        state=VerificationState.REJECTED,
    )  # fmt: skip
    factories.make_product(session, a, category_code="WW-SLU", origin="VN")
    factories.make_product(session, a, category_code="WW", origin="DE")
    factories.make_product(session, b, category_code="AIR", origin="VN")
    factories.make_product(session, b, category_code="AIR", origin="CN", active=False)
    factories.make_product(session, c, category_code="MON", origin="JP")
    a.created_at = datetime(2025, 2, 10)
    b.created_at = datetime(2025, 3, 1)
    c.created_at = datetime(2025, 7, 5)
    session.add(
        VerificationEvent(
            supplier_id=a.id, from_state="pending", to_state="verified", actor="x",
            created_at=datetime(2025, 4, 2, 9, 30),
        )
    )  # fmt: skip
    session.commit()
    return a, b, c


def _csv(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, url
    assert resp.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))


@pytest.fixture
def official(login_as):
    return login_as("official")


def test_by_category_counts_listed_products_and_their_origin(client, official, registry):
    rows = {r[0]: r for r in _csv(client, "/officials/statistics/category.csv?lang=en")[1:]}
    assert rows["WW"][2:] == ["1", "2", "1", "1", "50.0"]
    assert rows["AIR"][2:] == ["1", "1", "1", "0", "100.0"]  # the withdrawn one not counted
    assert rows["MON"][2:] == ["1", "1", "0", "1", "0.0"]
    assert rows["SVC"][2:] == ["0", "0", "0", "0", ""]
    assert len(rows) == 8


def test_by_state_ownership_place_and_origin(client, official, registry):
    state = _csv(client, "/officials/statistics/state.csv?lang=en")
    assert state[0] == ["Verification state", "Suppliers", "Products"]
    assert ["Verified", "2", "3"] in state and ["Rejected", "1", "1"] in state
    assert ["Suspended", "0", "0"] in state
    ownership = _csv(client, "/officials/statistics/ownership.csv?lang=en")
    assert ["Domestic", "2", "3"] in ownership and ["Foreign", "1", "1"] in ownership
    place = _csv(client, "/officials/statistics/place.csv?lang=en")
    assert ["Hà Nội", "Phường Cầu Giấy", "1", "2"] in place
    assert ["Bắc Ninh", "(no commune given)", "1", "1"] in place
    origin = _csv(client, "/officials/statistics/origin.csv?lang=en")
    assert origin[1] == ["VN", "2", "2"] and "CN" not in {r[0] for r in origin}


def test_growth_per_quarter_and_month(client, official, registry):
    quarters = _csv(client, "/officials/statistics/growth.csv?lang=en")
    assert quarters[0] == ["Quarter", "New suppliers", "New products"]
    assert ["2025-Q1", "2", "0"] in quarters and ["2025-Q3", "1", "0"] in quarters
    assert sum(int(r[2]) for r in quarters[1:]) == 5
    months = _csv(client, "/officials/statistics/growth.csv?period=month&lang=en")
    assert ["2025-02", "1", "0"] in months and ["2025-07", "1", "0"] in months


def test_statistics_xlsx_keeps_numbers_as_numbers(client, official, registry):
    resp = client.get("/officials/statistics/state.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(resp.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Verified", 2, 3] in values


def test_statistics_page_shows_every_table_with_downloads(client, official, registry):
    page = client.get("/officials/statistics/?lang=en").get_data(as_text=True)
    for title in ("By category", "By verification state", "By ownership", "Products by origin",
                  "By commune", "Growth of the registry"):  # fmt: skip
        assert title in page
    assert "/officials/statistics/place.xlsx" in page
    assert "<svg" in page and 'aria-hidden="true"' in page


def test_statistics_page_in_vietnamese(client, official, registry):
    page = client.get("/officials/statistics/?lang=vi").get_data(as_text=True)
    assert "Thống kê danh bạ" in page and "Theo nhóm thiết bị" in page


def test_unknown_table_or_format_is_404(client, official):
    assert client.get("/officials/statistics/colour.csv").status_code == 404
    assert client.get("/officials/statistics/state.pdf").status_code == 404


def test_verified_list_download_has_state_and_date_and_is_formula_safe(
    client, official, registry, session
):
    registry[2].state = VerificationState.VERIFIED  # the one named like a formula
    session.commit()
    rows = _csv(client, "/officials/statistics/verified-suppliers.csv")
    assert rows[0] == [*SUPPLIER_COLUMNS, *STATE_COLUMNS]
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"A", "B", "'=HYPERLINK(1)"}
    assert by_name["A"][-3:] == ["verified", "2025-04-02", "active"]
    xlsx = client.get("/officials/statistics/verified-suppliers.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 4


def test_cli_export_keeps_the_documented_format_by_default(app, registry, tmp_path):
    out = tmp_path / "s.csv"
    result = app.test_cli_runner().invoke(args=["registry", "export", str(out)])
    assert "Wrote 3 suppliers" in result.output
    header = next(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert header == list(SUPPLIER_COLUMNS)


def test_cli_export_with_state_and_verified_only(app, registry, tmp_path):
    out, prod = tmp_path / "s.csv", tmp_path / "p.csv"
    result = app.test_cli_runner().invoke(args=["registry", "export", "--with-state", str(out)])
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0][-3:] == ["state", "verified_at", "listed"]
    assert {r[-3] + "/" + r[-1] for r in rows[1:]} == {"verified/active", "rejected/withdrawn"}
    result = app.test_cli_runner().invoke(
        args=["registry", "export", "--verified-only", str(out), str(prod)]
    )
    assert "Wrote 2 suppliers" in result.output and "4 products" in result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert {r[1] for r in rows[1:]} == {"A", "B"}


def test_statistics_page_names_the_countries_of_origin(client, official, registry):
    page = client.get("/officials/statistics/?lang=en").get_data(as_text=True)
    assert "Vietnam" in page and "Germany" in page
