"""The targets page: the band in force now per category and every band ever set
(who, when, effective year, band, reason); setting a new band, which applies from
its year only; errors on their fields; both languages; other roles refused."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from marketplace.categories.models import Target
from tests.share.records_helpers import BASE, field_errors, rows, text

THIS_YEAR = date.today().year
GOOD = {
    "category": "WW",
    "min_pct": "75",
    "max_pct": "85",
    "effective_year": "2026",
    "reason": "Quyết định 1234/QĐ-UBND điều chỉnh kế hoạch",
}


@pytest.fixture
def loaded(registry, load):  # type: ignore[no-untyped-def]
    load(*rows(registry["tax"]))
    refresh()
    return registry


@pytest.fixture
def official(login_as):  # type: ignore[no-untyped-def]
    return login_as("official", email="ke.hoach@sct.hanoi.gov.vn")


def _band(client, year: int, code: str = "WW") -> tuple[float | None, float | None]:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/share?year={year}").get_json()
    found = next(c for c in body["categories"] if c["code"] == code)
    return found["target_min"], found["target_max"]


def _targets(session) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count(Target.id)))


def test_the_page_shows_the_bands_in_force_and_their_history(client, official):
    page = text(client.get(f"{BASE}/targets?lang=en").get_data(as_text=True))
    assert f"In force in {THIS_YEAR}" in page
    assert "WW · Wastewater treatment equipment 70–80% 2021" in page
    assert "MON · Environmental monitoring equipment ≥ 20%" in page
    assert "WTE · Waste-to-energy equipment no target" in page
    assert "History of the targets" in page and "in force" in page


def test_a_new_band_applies_from_its_year_only(client, loaded, official, session):
    res = client.post(f"{BASE}/targets?lang=en", data=GOOD)
    assert res.status_code == 302 and res.headers["Location"].endswith(f"{BASE}/targets")
    assert _band(client, 2025) == (0.7, 0.8)
    assert _band(client, 2026) == (0.75, 0.85)
    page = text(client.get(f"{BASE}/targets?lang=en").get_data(as_text=True))
    assert "The new band for WW takes effect in 2026." in page
    history = page.split("History of the targets", 1)[1]
    assert "ke.hoach@sct.hanoi.gov.vn WW 75–85% in force 2026 Quyết định 1234/QĐ-UBND" in history
    assert "WW 70–80% 2021" in history  # the earlier band stays, no longer in force


def test_a_band_set_for_a_later_year_shows_as_the_next_change(client, official):
    client.post(f"{BASE}/targets?lang=en", data={**GOOD, "effective_year": "2030", "max_pct": ""})
    page = text(client.get(f"{BASE}/targets?lang=en").get_data(as_text=True))
    assert "WW · Wastewater treatment equipment 70–80% 2021 ≥ 75% from 2030" in page
    history = page.split("History of the targets", 1)[1]
    assert "WW ≥ 75% 2030" in history and "WW ≥ 75% in force" not in history


def test_a_decimal_band_is_kept_as_given(client, official, session):
    data = {**GOOD, "category": "COL", "min_pct": "52,5", "max_pct": "62.25"}
    assert client.post(f"{BASE}/targets?lang=en", data=data).status_code == 302
    page = text(client.get(f"{BASE}/targets?lang=en").get_data(as_text=True))
    assert "COL 52.5–62.25% in force" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Say why the target changes"),
        ({"min_pct": ""}, "min_pct", "Enter the lower bound."),
        ({"min_pct": "bảy mươi"}, "min_pct", "bảy mươi is not a percentage"),
        ({"min_pct": "120"}, "min_pct", "must be between 0 and 100"),
        ({"min_pct": "90"}, "max_pct", "The upper bound must be between the lower bound and 100."),
        ({"effective_year": ""}, "effective_year", "Enter the year the band takes effect."),
        ({"effective_year": "2031"}, "effective_year", "The year must be between 2000 and 2030."),
        ({"effective_year": "2026.5"}, "effective_year", "2026.5 is not a whole number"),
        ({"category": "WW-SLU"}, "category", "Choose one of the eight top-level categories."),
        ({"category": "XYZ"}, "category", "Choose one of the eight top-level categories."),
    ],
)
def test_a_bad_band_is_shown_on_its_field_and_nothing_is_stored(
    client, official, session, changes, field, message
):
    before = _targets(session)
    res = client.post(f"{BASE}/targets?lang=en", data={**GOOD, **changes})
    assert res.status_code == 200
    errors = field_errors(res.get_data(as_text=True), field)
    assert any(message in e for e in errors), errors
    assert _targets(session) == before


def test_the_targets_page_in_vietnamese(client, official):
    page = text(client.get(f"{BASE}/targets?lang=vi").get_data(as_text=True))
    assert "Mục tiêu cung ứng trong nước" in page and "Đặt khoảng mục tiêu mới" in page
    assert "Lịch sử các mục tiêu" in page and "đang hiệu lực" in page


def test_setting_a_band_in_vietnamese(client, official):
    res = client.post(f"{BASE}/targets?lang=vi", data=GOOD, follow_redirects=True)
    assert "Khoảng mục tiêu mới của WW có hiệu lực từ năm 2026." in text(res.get_data(as_text=True))


def test_an_error_in_vietnamese(client, official):
    page = client.post(f"{BASE}/targets?lang=vi", data={**GOOD, "min_pct": ""}).get_data(
        as_text=True
    )
    assert field_errors(page, "min_pct") == ["Hãy nhập cận dưới."]


@pytest.mark.engine_independent
def test_anonymous_is_sent_to_log_in(client, session):
    before = _targets(session)
    for res in (client.get(f"{BASE}/targets"), client.post(f"{BASE}/targets", data=GOOD)):
        assert res.status_code == 302 and "/login" in res.headers["Location"]
    assert _targets(session) == before


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_buyers_and_supplier_staff_are_refused(client, login_as, session, role):
    login_as(role)
    before = _targets(session)
    for res in (client.get(f"{BASE}/targets"), client.post(f"{BASE}/targets", data=GOOD)):
        assert res.status_code == 403
    assert _targets(session) == before


def test_an_empty_target_form_names_every_problem_at_once(client, login_as):
    login_as("official")
    page = client.post(
        "/officials/share/targets?lang=en",
        data={
            "category": "WW",
            "min_pct": "",
            "max_pct": "",
            "effective_year": "1990",
            "reason": "",
        },
    ).get_data(as_text=True)
    assert "Enter the lower bound." in page
    assert "The year must be between 2000 and 2030." in page
    assert "Say why the target changes" in page
