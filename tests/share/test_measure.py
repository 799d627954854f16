"""The hand-computed fixture (tests/share/conftest.py) against the API and the
measure: three methods, subcategories rolled up, records with and without local
content, a product whose declared content changes, a year without data and a target
changed mid-period — to the last VND."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.products.services import save_product
from marketplace.share import measure
from marketplace.share.targets import set_target
from tests.share.conftest import fixture_rows

# 2025, by hand (values in VND):
# WW  total 1,000,000,000 + 333,333,333 + 500,000,001 + 250,000,000 = 2,083,333,334
#     origin: W1 + W2 + W4 = 1,583,333,333
#     local content: 555,000,000 (55.5%) + 199,999,999.8 (P1's 60%) + 61,250,000.1225
#     (12.25%) + 250,000,000 (VN, none given: 100%) = 1,066,249,999.9225 -> 1,066,250,000
#     threshold: W1, W2, W4 reach 30% -> 1,583,333,333
# AIR total 2,000,000,000; origin 1,000,000,000; local content 700,000,000 (P2 declares
#     none, VN: 100%) + 60,000,000 + 0 = 760,000,000; threshold 700,000,000 (A2: 20% < 30%)
# MON total 500,000,000; origin 100,000,000; local content 40,000,000 (P3's 10%) + 0;
#     threshold 0
EXPECTED_2025 = {
    "origin": {
        "WW": (1_583_333_333, 2_083_333_334, "within"),
        "AIR": (1_000_000_000, 2_000_000_000, "below"),
        "MON": (100_000_000, 500_000_000, "within"),  # exactly the minimum
    },
    "local_content": {
        "WW": (1_066_250_000, 2_083_333_334, "below"),
        "AIR": (760_000_000, 2_000_000_000, "below"),
        "MON": (40_000_000, 500_000_000, "below"),
    },
    "threshold": {
        "WW": (1_583_333_333, 2_083_333_334, "within"),
        "AIR": (700_000_000, 2_000_000_000, "below"),
        "MON": (0, 500_000_000, "below"),
    },
}
ORDER = ["WW", "AIR", "COL", "REC", "MON", "WTE", "HAZ", "SVC"]


@pytest.fixture
def loaded(registry, load):  # type: ignore[no-untyped-def]
    load(*fixture_rows(registry["tax"]))
    return registry


def _share(client, year: int, method: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    url = f"/api/v1/share?year={year}" + (f"&method={method}" if method else "")
    res = client.get(url)
    assert res.status_code == 200, res.get_data(as_text=True)
    return res.get_json()


@pytest.mark.parametrize("method", ["origin", "local_content", "threshold"])
def test_api_matches_the_hand_computed_figures(client, loaded, method):
    body = _share(client, 2025, method)
    assert body["year"] == 2025 and body["method"] == method
    got = {c["code"]: c for c in body["categories"]}
    assert [c["code"] for c in body["categories"]] == ORDER
    for code, (domestic, total, status) in EXPECTED_2025[method].items():
        c = got[code]
        assert (c["domestic_value_vnd"], c["total_value_vnd"], c["status"]) == (
            domestic,
            total,
            status,
        ), code
        assert c["share"] == pytest.approx(domestic / total, abs=1e-12)
    for code in ("COL", "REC", "WTE", "HAZ", "SVC"):
        c = got[code]
        assert (c["domestic_value_vnd"], c["total_value_vnd"], c["share"], c["status"]) == (
            0,
            0,
            None,
            "no_data",
        )
    assert (got["WW"]["target_min"], got["WW"]["target_max"]) == (0.7, 0.8)
    assert (got["MON"]["target_min"], got["MON"]["target_max"]) == (0.2, None)
    assert got["WTE"]["target_min"] is None


def test_default_method_is_origin_and_bad_arguments_are_400(client, loaded):
    assert _share(client, 2025)["method"] == "origin"
    assert client.get("/api/v1/share?year=2025&method=value").status_code == 400
    assert client.get("/api/v1/share?year=20x5").status_code == 400
    assert client.get("/api/v1/share?year=1850").status_code == 400
    assert client.get("/api/v1/share?year=2025&method=threshold&threshold=15").status_code == 403


def test_a_year_without_records_lists_every_category_as_no_data(client, loaded):
    body = _share(client, 2024, "local_content")
    assert [c["status"] for c in body["categories"]] == ["no_data"] * 8
    assert all(c["share"] is None for c in body["categories"])


def test_a_products_declared_content_change_moves_the_records_relying_on_it(
    client, session, loaded, official
):
    p1 = loaded["p1"]
    save_product(
        session,
        official,
        loaded["s1"],
        {
            "sku": "P1",
            "name": p1.name,
            "category": "WW-SLU",
            "origin": "VN",
            "local_content_pct": "29,99",
        },
        p1,
    )
    ww = {c["code"]: c for c in _share(client, 2025, "local_content")["categories"]}["WW"]
    # W2: 333,333,333 x 29.99% = 99,966,666.5667; sum 966,216,666.6892 -> 966,216,667
    assert ww["domestic_value_vnd"] == 966_216_667
    ww = {c["code"]: c for c in _share(client, 2025, "threshold")["categories"]}["WW"]
    assert ww["domestic_value_vnd"] == 1_250_000_000  # W2 now under 30%


def test_the_threshold_is_configurable(make_app, loaded):
    client = make_app(SHARE_THRESHOLD_PCT=Decimal(15)).test_client()
    body = client.get("/api/v1/share?year=2025&method=threshold").get_json()
    air = {c["code"]: c for c in body["categories"]}["AIR"]
    assert air["domestic_value_vnd"] == 1_000_000_000  # A2's 20% now counts
    assert body["threshold"] == 15.0


URL_15 = "/api/v1/share?year=2025&method=threshold&threshold=15"


@pytest.mark.parametrize("role", [None, "buyer", "supplier_staff"])
def test_the_public_may_not_choose_the_threshold(client, loaded, login_as, role):
    # One request per test: the test's app context keeps the first user it loads.
    if role:
        login_as(role)
    assert client.get(URL_15).status_code == 403  # each step would reveal single records


def test_officials_may_try_another_threshold(client, loaded, login_as):
    login_as("official")
    body = client.get(URL_15).get_json()
    assert {c["code"]: c for c in body["categories"]}["AIR"]["domestic_value_vnd"] == 1_000_000_000
    assert client.get(URL_15.replace("=15", "=101")).status_code == 400


def test_each_year_uses_the_band_in_force_then(client, session, loaded, official):
    set_target(session, official, "WW", Decimal(85), Decimal(90), 2026, "Quyết định 123/QĐ-UBND")
    ww25 = {c["code"]: c for c in _share(client, 2025)["categories"]}["WW"]
    ww26 = {c["code"]: c for c in _share(client, 2026)["categories"]}["WW"]
    assert (ww25["target_min"], ww25["target_max"], ww25["status"]) == (0.7, 0.8, "within")
    assert (ww26["target_min"], ww26["target_max"], ww26["status"]) == (0.85, 0.9, "above")


def test_dashboard_gap_needed_value_coverage_and_rollup(session, loaded):
    board = measure.dashboard(session, 2025, "origin")
    rows = {r.category.code: r for r in board.rows}
    air = rows["AIR"].figure
    assert air.gap_pp == Decimal(-20)
    assert air.needed_vnd == 400_000_000  # 70% of 2,000,000,000 minus 1,000,000,000
    assert rows["WW"].figure.needed_vnd is None  # within
    subs = {c.code: f for c, f in rows["WW"].subcategories}
    assert (subs["WW-SLU"].total_vnd, subs["WW-AER"].total_vnd) == (333_333_333, 500_000_001)
    cov = rows["WW"].coverage
    assert (cov.records, cov.value_vnd, cov.product_vnd) == (4, 2_083_333_334, 333_333_333)
    assert cov.sources == {
        "procurement": 1_000_000_000,
        "installation": 333_333_333,
        "survey": 500_000_001,
        "": 250_000_000,
    }
    assert rows["WW"].figure.thin  # 4 records: too few to rely on
    assert rows["COL"].figure.status == "no_data"


def test_trajectory_states_progress_and_what_is_still_needed():
    band = measure.Band(Decimal(70), Decimal(80), 2021)

    def fig(year: int, domestic: int) -> measure.Figure:
        return measure.Figure("WW", year, "origin", 25, 1000, domestic, band)

    history = {2024: fig(2024, 600), 2025: fig(2025, 610), 2026: fig(2026, 624)}
    t = measure.trajectory(history, 2026)
    assert (t.first_year, t.last_year, t.so_far_pp) == (2024, 2026, Decimal("1.2"))
    assert t.needed_pp == Decimal("1.9")  # (70 - 62.4) / 4 years
    assert not t.reached


def test_the_trajectory_aims_at_the_band_in_force_in_2030(session, loaded, official):
    set_target(session, official, "WW", Decimal(90), Decimal(95), 2028, "Quyết định nâng mục tiêu")
    board = measure.dashboard(session, 2026, "origin")
    ww = {r.category.code: r for r in board.rows}["WW"]
    assert ww.figure.band.min_pct == Decimal(70)  # 2026 keeps its band
    assert ww.trajectory.target.min_pct == Decimal(90)
    assert ww.trajectory.reached  # N1: 100% in 2026
    board = measure.dashboard(session, 2025, "local_content")
    ww = {r.category.code: r for r in board.rows}["WW"]
    # (90 - 51.18...) / 5 years: 1,066,250,000 / 2,083,333,334 = 51.18% in 2025
    expected = (Decimal(90) - Decimal(1_066_250_000) * 100 / Decimal(2_083_333_334)) / 5
    assert abs(ww.trajectory.needed_pp - expected) < Decimal("0.000001")


@pytest.mark.parametrize("method", ["origin", "local_content", "threshold"])
def test_dashboard_and_its_exports_match_the_hand_computed_figures(
    client, loaded, login_as, method
):
    import csv
    import io

    login_as("official")
    res = client.get(f"/officials/share/dashboard.csv?year=2025&method={method}&lang=en")
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    top = {r["Category code"]: r for r in rows if not r["Parent category"]}
    page = client.get(f"/officials/share?year=2025&method={method}&lang=en").get_data(as_text=True)
    for code, (domestic, total, _status) in EXPECTED_2025[method].items():
        got = (int(top[code]["Domestic value (VND)"]), int(top[code]["Total value (VND)"]))
        assert got == (domestic, total), code
        assert f"{domestic:,} ₫" in page and f"{total:,} ₫" in page
