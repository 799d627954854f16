"""axe-core (WCAG 2.1 A/AA) finds no violation on the domestic-share pages: the
officials' dashboard (subcategories opened, charts drawn), the public summary and the
methodology, in both languages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HEADER = "record_id,year,category,value_vnd,origin,local_content_pct,buyer,source"
# 2023 (before the demo's years): WW with enough records in two subcategories and
# under its own code, MON with too few, AIR without data.
ROWS = [
    *(
        f"A11Y-W{i},2023,WW-SLU,{(i + 1) * 10_000_000},VN,,UBND quận {i},procurement"
        for i in range(12)
    ),
    *(f"A11Y-X{i},2023,WW-AER,25000000,DE,,,survey" for i in range(5)),
    *(f"A11Y-Y{i},2023,WW,40000000,VN,45,,installation" for i in range(4)),
    "A11Y-M1,2023,MON,300000000,VN,,,",
    "A11Y-M2,2023,MON,500000000,US,,,",
]


def _log_in_as_official(page, base: str, app) -> None:  # type: ignore[no-untyped-def]
    log_in_official(page, base, app, ("a11y.csv", ("\n".join([HEADER, *ROWS]) + "\n").encode()))


def _check(page, axe: Axe, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.eval_on_selector_all("details", "els => els.forEach(e => { e.open = true; })")
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{url}: {results.generate_report()}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_share_pages_have_no_wcag_violations(live, page, lang):
    base, app = live
    _log_in_as_official(page, base, app)
    axe = Axe()
    for path in (
        "/officials/share?year=2023",
        "/officials/share",
        "/officials/share?method=threshold&threshold=40",
        "/share",
        "/share?year=2023&method=local_content",
        "/share/methodology",
    ):
        _check(page, axe, f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")


def test_the_dashboard_shows_the_records_and_its_charts(live, page):
    base, app = live
    _log_in_as_official(page, base, app)
    page.goto(f"{base}/officials/share?year=2023&lang=en")
    ww = page.locator("#row-WW")
    # VN 780,000,000 (WW-SLU) + 160,000,000 (WW) of 1,065,000,000 = 88.26% -> above 70–80%
    assert "88.3%" in ww.inner_text() and "Above the band" in ww.inner_text()
    mon = page.locator("#row-MON").inner_text()
    assert "Too little data: 2 of the 20 records needed" in mon
    page.locator("summary", has_text="Subcategories of WW").click()
    assert page.get_by_role("link", name=re.compile("WW-SLU")).is_visible()
    assert page.get_by_role("img", name=re.compile("Wastewater treatment equipment")).count() == 1
    assert page.locator("svg#bands-all").is_visible()
