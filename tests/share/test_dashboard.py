"""The officials' dashboard, its exports, the public summary and the methodology page
against a small data set computed by hand."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from flask_babel import refresh
from openpyxl import load_workbook

from marketplace.accounts.models import Role
from tests.share.records_helpers import statements

# 2025 (values in VND):
# WW  S0–S13 WW-SLU 14 × 5,000,000 VN (S0–S3 linked to product P1, 60% declared;
#     S4–S13 to supplier S1 only), A1 WW-AER 10,000,000 VN with 25% local content
#     (procurement); D0–D4 WW 5 × 10,000,000 DE (survey). 20 records, total 130,000,000.
#     origin: 80,000,000 -> 61.538% (below 70–80: rounded down 61.5, gap -8.461 -> -8.5),
#       needed 70% × 130,000,000 − 80,000,000 = 11,000,000
#     local content: 4 × 5,000,000 × 60% + 10 × 5,000,000 + 10,000,000 × 25% = 64,500,000
#       -> 49.615% -> 49.6, needed 26,500,000
#     threshold 30%: S0–S13 (A1's 25% is under) = 70,000,000 -> 53.846% -> 53.8, needed
#       21,000,000
#     linked 70,000,000 / 130,000,000 = 53.8%; to products 20,000,000 -> 15.4%
#     sources: procurement 80,000,000 -> 61.5%, survey 50,000,000 -> 38.5%
# 2024: WW P0–P9 WW-SLU 10 × 2,000,000 VN, K0–K9 WW 10 × 2,000,000 KR -> 50.0%
#     trajectory (origin): so far (61.538 − 50) / 1 = +11.5; needed (70 − 61.538) / 5
#     = 1.692 -> rounded up +1.7
# MON 2025: 2 × 1,000,000 VN + 1,000,000 US -> 66.7%, 3 records: too little data
# AIR: no records.


@pytest.fixture
def data(registry, load):  # type: ignore[no-untyped-def]
    tax = registry["tax"]
    rows = []
    for i in range(14):
        sku = "P1" if i < 4 else ""
        rows.append(f"S{i},2025,WW-SLU,5000000,VN,,{tax},{sku},,procurement")
    rows.append("A1,2025,WW-AER,10000000,VN,25,,,,procurement")
    rows += [f"D{i},2025,WW,10000000,DE,,,,Bệnh viện Bạch Mai,survey" for i in range(5)]
    rows += [f"P{i},2024,WW-SLU,2000000,VN,,,,," for i in range(10)]
    rows += [f"K{i},2024,WW,2000000,KR,,,,," for i in range(10)]
    rows += ["M1,2025,MON,1000000,VN,,,,,", "M2,2025,MON,1000000,VN,,,,,"]
    rows.append("M3,2025,MON,1000000,US,,,,,")
    load(*rows)
    refresh()  # the import ran in English: let the first request choose the language
    return registry


@pytest.fixture
def official(login_as):  # type: ignore[no-untyped-def]
    return login_as(Role.OFFICIAL)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _element(page: str, tag: str, element_id: str) -> str:
    """The text of the first <tag id=element_id> (not nested in its own kind)."""
    match = re.search(rf'<{tag} id="{element_id}"[^>]*>(.*?)</{tag}>', page, re.S)
    assert match, f"no {tag}#{element_id}"
    return _text(match.group(1))


def _get(client, url: str) -> str:  # type: ignore[no-untyped-def]
    res = client.get(url)
    assert res.status_code == 200, res.status_code
    return res.get_data(as_text=True)


def test_dashboard_shows_the_hand_computed_figures(client, data, official):
    page = _get(client, "/officials/share?year=2025&lang=en")
    ww = _element(page, "tr", "row-WW")
    assert "61.5%" in ww and "domestic 80,000,000 ₫ of 130,000,000 ₫" in ww
    assert "70–80% since 2021" in ww
    assert "Below the band" in ww
    assert "-8.5 points" in ww and "11,000,000 ₫ more domestic value needed" in ww
    assert "Records: 20 · 130,000,000 ₫" in ww
    assert "53.8% of the value linked to registered suppliers or products (15.4% to products)" in ww
    assert "Sources: Public procurement 61.5%; Surveys 38.5%" in ww
    assert (
        "Needs +1.7 points a year to reach 70% by 2030; 2024–2025 averaged +11.5 points a year"
        in ww
    )
    air = _element(page, "tr", "row-AIR")
    assert "No data" in air and "No records" in air and "%" not in air.replace("70–80%", "")
    assert "Records: 23; value: 133,000,000 ₫" in _text(page)


def test_a_category_with_too_little_data_says_so(client, data, official):
    mon = _element(_get(client, "/officials/share?year=2025&lang=en"), "tr", "row-MON")
    assert "Too little data: 3 of the 20 records needed (66.7%, not reliable)" in mon
    assert "At or above the minimum" in mon and "uncertain" in mon
    assert "≥ 20%" in mon


@pytest.mark.parametrize(
    ("method", "share", "needed"),
    [("local_content", "49.6%", "26,500,000 ₫"), ("threshold", "53.8%", "21,000,000 ₫")],
)
def test_the_other_methods(client, data, official, method, share, needed):
    ww = _element(
        _get(client, f"/officials/share?year=2025&method={method}&lang=en"), "tr", "row-WW"
    )
    assert share in ww and f"{needed} more domestic value needed" in ww


def test_subcategories_roll_up_and_are_listed(client, data, official):
    page = _get(client, "/officials/share?year=2025&lang=en")
    details = re.search(r"Subcategories of WW</summary>(.*?)</details>", page, re.S)
    assert details
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", details.group(1), re.S)]
    assert rows[1:] == [
        "WW-SLU Sludge dewatering equipment Too little data: 14 of the 20 records needed "
        "(100.0%, not reliable) 70,000,000 ₫ 70,000,000 ₫ 14",
        "WW-AER Aeration equipment and blowers Too little data: 1 of the 20 records needed "
        "(100.0%, not reliable) 10,000,000 ₫ 10,000,000 ₫ 1",
        "Filed under the category itself Too little data: 5 of the 20 records needed "
        "(0.0%, not reliable) 0 ₫ 50,000,000 ₫ 5",
    ]
    assert "/officials/share/records?year=2025&amp;category=WW-SLU" in details.group(1)
    assert "No records in 2025: WW-MBR" in _text(details.group(1))


def test_charts_with_the_band_and_a_text_alternative(client, data, official):
    page = _get(client, "/officials/share?year=2025&lang=en")
    assert page.count('role="img"') == 3  # all categories; WW and MON (the others: no records)
    section = re.search(
        r'<section class="share-category[^"]*" id="cat-WW".*?</section>', page, re.S
    )
    assert section
    text = _text(section.group(0))
    assert "2024: 50.0%; 2025: 61.5%; 2026: no data" in text  # the chart's description
    assert "2024 50.0% 70–80% Below the band 20" in text  # the table beside it
    assert 'href="/officials/share/records?year=2025&amp;category=WW"' in page


def test_bad_arguments_are_named_and_defaults_used(client, data, official):
    page = _get(client, "/officials/share?year=20x5&method=value&threshold=101&lang=en")
    text = _text(page)
    assert "“20x5” is not a year between 2000 and" in text and "showing 2025" in text
    assert "“value” is not a method: showing the origin method." in text
    assert "“101” is not a threshold between 0 and 100%" in text
    assert "Categories in 2025" in text and "Origin: value of equipment made in Vietnam" in text
    assert "61.5%" in _element(page, "tr", "row-WW")
    assert client.get("/officials/share?year=99999999999999999999999").status_code == 200
    assert client.get("/officials/share/dashboard.csv?year=x&method=y").status_code == 200


def test_a_year_without_records_says_so(client, data, official):
    page = _get(client, "/officials/share?year=2019&lang=en")
    assert "No supply records for 2019 yet" in _text(page)
    assert "Categories in 2019" in _text(page)


def _csv(client, url: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    res = client.get(url)
    assert res.status_code == 200
    assert res.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_holds_the_numbers_on_screen(client, data, official):
    rows = _csv(client, "/officials/share/dashboard.csv?year=2025&lang=en")
    ww = next(r for r in rows if r["Category code"] == "WW" and not r["Parent category"])
    assert ww == {
        "Year": "2025",
        "Method": "Origin: value of equipment made in Vietnam",
        "Category code": "WW",
        "Parent category": "",
        "Category": "Wastewater treatment equipment",
        "Share (%)": "61.5",
        "Domestic value (VND)": "80000000",
        "Total value (VND)": "130000000",
        "Records": "20",
        "Too little data": "",
        "Band": "70–80%",
        "Band in force since": "2021",
        "Status": "Below the band",
        "Gap to the lower bound (points)": "-8.5",
        "Extra domestic value needed (VND)": "11000000",
        "Value linked to registered suppliers or products (%)": "53.8",
        "Value linked to registered products (%)": "15.4",
        "Sources (part of the value)": "Public procurement 61.5%; Surveys 38.5%",
        "Trend from": "2024",
        "Trend to": "2025",
        "Change per year so far (points)": "11.5",
        "Needed per year to 2030 (points)": "1.7",
        "Trajectory": "Needs +1.7 points a year to reach 70% by 2030; "
        "2024–2025 averaged +11.5 points a year",
    }
    page = _get(client, "/officials/share?year=2025&lang=en")
    for r in rows:  # every top-level category's share and status as on screen
        if not r["Parent category"]:
            row = _element(page, "tr", f"row-{r['Category code']}")
            assert r["Status"] in row
            assert not r["Share (%)"] or f"{r['Share (%)']}%" in row
    subs = [
        (r["Category code"], r["Share (%)"], r["Records"])
        for r in rows
        if r["Parent category"] == "WW"
    ]
    assert subs == [("WW-SLU", "100.0", "14"), ("WW-AER", "100.0", "1"), ("WW", "0.0", "5")]
    mon = next(r for r in rows if r["Category code"] == "MON" and not r["Parent category"])
    assert (mon["Share (%)"], mon["Too little data"], mon["Band"]) == ("66.7", "yes", "≥ 20%")


def test_the_xlsx_holds_the_same_rows_as_the_csv(client, data, official):
    rows = _csv(client, "/officials/share/dashboard.csv?year=2025&method=local_content&lang=en")
    res = client.get("/officials/share/dashboard.xlsx?year=2025&method=local_content&lang=en")
    assert res.status_code == 200
    sheet = load_workbook(io.BytesIO(res.data)).active
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    for got, want in zip(cells[1:], rows, strict=True):
        # Numbers are number cells (a spreadsheet sums them), equal to the CSV's text.
        assert [
            float(w) if isinstance(g, int | float) else w
            for g, w in zip(got, want.values(), strict=True)
        ] == [float(g) if isinstance(g, int | float) else g for g in got]
    assert cells[0] == list(rows[0].keys())
    ww = next(r for r in rows if r["Category code"] == "WW" and not r["Parent category"])
    assert (ww["Share (%)"], ww["Extra domestic value needed (VND)"]) == ("49.6", "26500000")
    assert 'filename="domestic-share-2025-local_content.xlsx"' in res.headers["Content-Disposition"]


@pytest.mark.engine_independent
@pytest.mark.parametrize(
    "url", ["/officials/share", "/officials/share/dashboard.csv", "/officials/share/dashboard.xlsx"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    res = client.get(url)
    assert res.status_code == 302 and "/account/login" in res.headers["Location"]


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", [Role.BUYER, Role.SUPPLIER_STAFF])
@pytest.mark.parametrize(
    "url", ["/officials/share", "/officials/share/dashboard.csv", "/officials/share/dashboard.xlsx"]
)
def test_other_roles_are_refused(client, login_as, role, url):
    login_as(role)
    assert client.get(url).status_code == 403


def test_admins_see_the_dashboard(client, login_as, data):
    login_as(Role.ADMIN)
    assert client.get("/officials/share?year=2025").status_code == 200


def test_public_summary_shows_aggregates_only(client, data):
    page = _get(client, "/share?year=2025&lang=en")
    text = _text(page)
    assert "61.5%" in text and "Below the band" in text and "-8.5" in text
    assert "Too little data: 3 of the 20 records needed" in text
    assert "/share/methodology" in page and 'role="img"' in page
    # A random CSRF token may spell "D0": the record ids are looked for elsewhere.
    public = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    for private in ("S1,", "Bệnh viện Bạch Mai", "/officials/share/records", "D0"):
        assert private not in public
    assert "Open the officials' dashboard" not in text


def test_public_summary_method_and_bad_arguments(client, data):
    page = _get(client, "/share?year=2025&method=threshold&threshold=65&lang=en")
    text = _text(page)
    # The public sees the configured threshold only: each step would reveal records.
    assert "Only officials can choose another threshold: showing 30%." in text
    assert "Threshold: made in Vietnam with at least 30% local content" in text
    assert 'name="threshold"' not in page
    text = _text(_get(client, "/share?method=nope&lang=en"))
    assert "“nope” is not a method" in text


def test_methodology_is_public_with_anchors(client):
    page = _get(client, "/share/methodology?lang=en")
    for anchor in ("methods", "share", "bands", "status", "gap", "coverage", "thin", "trajectory"):
        assert f'id="{anchor}"' in page
    text = _text(page)
    assert "fewer than 20 records" in text
    assert "otherwise 100% for a record made in Vietnam and 0% for an imported one" in text
    assert "The threshold is 30% unless" in text
    assert "WW Wastewater treatment equipment 70–80% 2021" in text


def test_everyone_has_the_summary_in_the_nav(client):
    page = _get(client, "/?lang=en")
    assert 'href="/share">Domestic share</a>' in page
    assert 'href="/officials/share"' not in page


def test_officials_have_the_dashboard_in_the_nav(client, login_as):
    login_as(Role.OFFICIAL)
    assert 'href="/officials/share">Dashboard</a>' in _get(client, "/?lang=en")


def test_dashboard_in_vietnamese(client, data, official):
    page = _get(client, "/officials/share?year=2025&lang=vi")
    ww = _element(page, "tr", "row-WW")
    assert "61,5%" in ww and "Dưới khoảng mục tiêu" in ww
    assert "Tỷ lệ nội địa" in _text(page)
    rows = _csv(client, "/officials/share/dashboard.csv?year=2025&lang=vi")
    assert "Tỷ lệ (%)" in rows[0]


def test_summary_and_methodology_in_vietnamese(client, data):
    assert "Dưới khoảng mục tiêu" in _text(_get(client, "/share?year=2025&lang=vi"))
    assert "Cách tính tỷ lệ nội địa" in _text(_get(client, "/share/methodology?lang=vi"))


def test_the_dashboard_costs_the_same_statements_for_few_or_many_records(
    app, client, data, official, load
):
    url = "/officials/share?year=2025&lang=en"
    client.get(url)  # the user is loaded once for the test's app context
    few = statements(app, client, url)
    rows = [
        f"N{i},{2024 + i % 3},{code},{1000 + i},VN,,,,,survey"
        for i, code in enumerate(
            ["AIR-BAG", "COL-BIN", "REC-SRT", "HAZ-INC", "WTE-BIO", "SVC-EIA", "MON-CEM"] * 6
        )
    ]
    load(*rows)
    assert statements(app, client, url) == few
    assert statements(app, client, "/share?year=2025&lang=en") <= few


def test_officials_may_choose_another_threshold(client, data, official):
    text = _text(_get(client, "/officials/share?year=2025&method=threshold&threshold=65&lang=en"))
    assert "Threshold: made in Vietnam with at least 65% local content" in text
    # S4–S13 only (S0–S3 take P1's 60%): 50,000,000 / 130,000,000 = 38.46% -> 38.4
    assert "38.4%" in text


def test_the_trajectory_names_the_band_it_aims_at(client, session, data, official):
    from decimal import Decimal

    from marketplace.share.targets import set_target

    set_target(session, official, "WW", Decimal(60), Decimal(70), 2027, "Quyết định điều chỉnh")
    ww = _element(_get(client, "/officials/share?year=2025&lang=en"), "tr", "row-WW")
    assert "Below the band" in ww  # 2025 keeps its 70–80% band
    assert "At or above the 2030 lower bound (60%)" in ww
    assert "aimed at the band set for 2030: 60–70%, from 2027" in ww


def test_too_little_data_gives_no_pace(client, data, official):
    mon = _element(_get(client, "/officials/share?year=2025&lang=en"), "tr", "row-MON")
    assert "Too few records for a pace" in mon and "Needs" not in mon
