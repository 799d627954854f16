"""The annual report: the printable page shows the dashboard's numbers for every
method, the PDF carries the same figures in the chosen language, officials only."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from pypdf import PdfReader
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.demo import generator
from marketplace.share import display, measure

URLS = ["/officials/share/report?year=2025", "/officials/share/report.pdf?year=2025"]


@pytest.fixture
def demo(session: Session) -> None:
    generator.load(session, n_suppliers=12)
    refresh()  # the load's messages must not fix the language of the requests


def _text(fragment: str) -> str:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return " ".join(plain.split())


def _row(page: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, row_id
    return _text(match.group(1))


def _pdf_text(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", text)


def test_report_numbers_equal_the_dashboard(
    client: FlaskClient, login_as, session: Session, demo: None
) -> None:
    login_as(Role.OFFICIAL)
    res = client.get("/officials/share/report?year=2025&lang=en")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "Annual report 2025" in page
    for method in measure.METHODS:
        board = measure.dashboard(session, 2025, method, measure.DEFAULT_THRESHOLD)
        for r in board.rows:
            row = _row(page, f"{method}-{r.category.code}")
            f = r.figure
            share = display.shown_share(f)
            assert (f"{share:.1f}%" if share is not None else "No data") in row, row
            assert f"{f.domestic_vnd:,} ₫" in row and f"{f.total_vnd:,} ₫" in row
            assert f" {f.records} " in f" {row} "
            if f.needed_vnd is not None:
                assert f"{f.needed_vnd:,} ₫" in row
            gap = display.shown_gap(f)
            if gap is not None:
                assert f"{gap:+.1f} points" in row
    ww = _row(page, "origin-WW")
    assert "Below the band" in ww and "70–80%" in ww
    assert "Needs" in _text(page.split('id="trajectory-WW"')[1].split("</li>")[0])
    assert "supply records worth" in _text(page.split('id="coverage-note"')[1].split("</p>")[0])
    assert page.count("<svg") >= 2  # the bands chart and the trends
    assert "/share/methodology" in page


@pytest.mark.engine_independent
def test_pdf_in_vietnamese_has_the_figures_and_diacritics(
    client: FlaskClient, login_as, session: Session, demo: None
) -> None:
    login_as(Role.OFFICIAL)
    res = client.get("/officials/share/report.pdf?year=2025&lang=vi")
    assert res.status_code == 200 and res.mimetype == "application/pdf"
    assert 'filename="domestic-share-report-2025-vi.pdf"' in res.headers["Content-Disposition"]
    text = _pdf_text(res.data)
    assert "Thiết bị xử lý nước thải" in text and "Dịch vụ môi trường" in text
    board = measure.dashboard(session, 2025, "origin", measure.DEFAULT_THRESHOLD)
    ww = board.rows[0].figure
    share = display.shown_share(ww)
    assert share is not None
    assert f"{share:.1f}%".replace(".", ",") in text  # Vietnamese decimal comma
    assert f"{ww.total_vnd:,} ₫".replace(",", ".") in text


@pytest.mark.engine_independent
def test_pdf_in_english_has_english_headings(client: FlaskClient, login_as, demo: None) -> None:
    login_as(Role.OFFICIAL)
    res = client.get("/officials/share/report.pdf?year=2025&lang=en")
    assert res.status_code == 200
    text = " ".join(_pdf_text(res.data).split())
    for heading in (
        "Annual report 2025",
        "Summary",
        "Figures by category: origin method",
        "The three methods side by side",
        "Charts",
        "Trajectory to 2030",
        "Coverage: how well the figures are backed",
        "Methodology in short",
        "Wastewater treatment equipment",
    ):
        assert heading in text, heading


def test_a_year_without_records_reports_no_data(client: FlaskClient, login_as) -> None:
    login_as(Role.OFFICIAL)
    res = client.get("/officials/share/report?year=2019&lang=en")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "No supply records for 2019" in page
    assert "No data" in _row(page, "origin-WW")


def test_a_bad_year_is_named_and_the_latest_shown(client: FlaskClient, login_as) -> None:
    login_as(Role.OFFICIAL)
    res = client.get("/officials/share/report?year=20x5&lang=en")
    assert res.status_code == 200
    text = _text(res.get_data(as_text=True))
    latest = date.today().year  # no records yet
    assert f"“20x5” is not a year between 2000 and {latest + 1}: showing {latest}." in text
    assert f"Annual report {latest}" in text


@pytest.mark.engine_independent
@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, url: str) -> None:
    res = client.get(url)
    assert res.status_code == 302 and "/account/login" in res.headers["Location"]


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", [Role.BUYER, Role.SUPPLIER_STAFF])
@pytest.mark.parametrize("url", URLS)
def test_other_roles_are_refused(client: FlaskClient, login_as, role: Role, url: str) -> None:
    login_as(role)
    assert client.get(url).status_code == 403


def test_a_report_plots_no_year_after_its_own(client: FlaskClient, login_as, demo: None) -> None:
    login_as(Role.OFFICIAL)
    page = client.get("/officials/share/report?year=2025&lang=en").get_data(as_text=True)
    board = client.get("/officials/share?year=2025&lang=en").get_data(as_text=True)
    chart = page.split('id="trend-WW"')[1].split("</svg>")[0]
    on_dashboard = board.split('id="trend-WW"')[1].split("</svg>")[0]
    assert chart.count("<circle") < on_dashboard.count("<circle")  # 2026 left out
