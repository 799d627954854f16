"""axe-core (WCAG 2.1 A/AA) finds no violation on the officials' record and target
pages — the drill-down with its side panel and a bad filter, a record with its
history, the forms with errors, the delete confirmation — in both languages; and an
official narrows the records with the filter form and opens one."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HEADER = "record_id,year,category,value_vnd,origin,local_content_pct,buyer,source"
ROWS = [
    "REC-A11Y-1,2022,COL,120000000,VN,35,UBND phường Láng,procurement",
    "REC-A11Y-2,2022,COL-TRK,80000000,KR,,Urenco,survey",
    "REC-A11Y-3,2022,COL,20000000,VN,,,",
]


def _log_in(page, base: str, app) -> None:  # type: ignore[no-untyped-def]
    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    log_in_official(page, base, app, ("a11y-records.csv", data))


def _check(page, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}: {results.generate_report()}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_record_pages_have_no_wcag_violations(live, page, lang):
    base, app = live
    _log_in(page, base, app)
    axe = Axe()
    for path in (
        "/officials/share/records?year=2022&category=COL",
        "/officials/share/records?year=20x2",
        "/officials/share/records?year=2021",
        "/officials/share/records/new",
        "/officials/share/targets",
    ):
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        _check(page, axe)
    page.goto(f"{base}/officials/share/records?q=REC-A11Y-1&lang={lang}")
    page.get_by_role("link", name="REC-A11Y-1").click()
    _check(page, axe)
    detail = page.url
    page.goto(detail.split("?")[0] + f"/edit?lang={lang}")
    page.locator("#value_vnd").fill("0")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator(".invalid-feedback").count() == 1
    _check(page, axe)
    page.goto(detail.split("?")[0] + f"/delete?lang={lang}")
    _check(page, axe)
    page.goto(f"{base}/officials/share/targets?lang={lang}")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator(".invalid-feedback").count() >= 2
    _check(page, axe)


def test_an_official_filters_the_records_on_a_phone(live, browser):
    base, app = live
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _log_in(page, base, app)
        page.goto(f"{base}/officials/share/records")
        page.locator(".navbar-toggler").click()
        # Bootstrap marks the menu `show` once it has opened: a click while it still
        # slides open was seen to be lost on a loaded machine.
        expect(page.locator(".navbar-collapse")).to_have_class(re.compile(r"\bshow\b"))
        page.get_by_role("button", name="English").click()  # the choice is kept
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.locator("#year").fill("2022")
        page.locator("#category").select_option("COL")
        page.locator("#origin").select_option("import")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"origin=import"))
        assert "Records: 1 · total value: 80,000,000 ₫" in page.inner_text("main")
        page.get_by_role("link", name="REC-A11Y-2").click()
        assert "Supply record REC-A11Y-2" in page.inner_text("h1")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_wide_tables_scroll_by_keyboard_on_a_phone(live, page):
    """At 390 px the tables scroll sideways: each scroll box takes the focus."""
    base, app = live
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, base, app)
    axe = Axe()
    for path in (
        "/officials/share?year=2022",
        "/officials/share/records?year=2022&category=COL",
        "/officials/share/targets",
        "/officials/share/report?year=2022",
    ):
        page.goto(f"{base}{path}&lang=en" if "?" in path else f"{base}{path}?lang=en")
        _check(page, axe)
