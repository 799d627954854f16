"""axe-core (WCAG 2.1 A/AA rules) finds no violation on the main public pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return next(h for h in hrefs if re.fullmatch(pattern, h))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages_have_no_wcag_violations(live_server, page, lang):
    page.goto(f"{live_server}/?lang={lang}")
    supplier = _first_link(page, r"/suppliers/\d{10}")
    page.goto(f"{live_server}{supplier}?lang={lang}")
    product = _first_link(page, r"/suppliers/\d{10}/products/[^/]+")
    axe = Axe()
    for path in [
        "/",
        "/categories/",
        "/categories/WW",
        "/categories/AIR-BAG",
        supplier,
        product,
        "/account/login",
        "/suppliers/",
        "/search?q=may+ep+bun&made_in=VN",
        "/search?q=qwzxv",
    ]:
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{path}: {results.generate_report()}"
