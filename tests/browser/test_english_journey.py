"""A visitor whose browser asks for English reads the search results, a product, its
supplier and the compare tray in English: what has no English is marked lang="vi"."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
# Text of the page's main part that is not inside an element marked lang="vi".
UNMARKED_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && !n.parentElement.closest('[lang="vi"]')) out.push(text);
  }
  return out;
}"""


def _unmarked_vietnamese(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for t in page.evaluate(UNMARKED_TEXT) if VIETNAMESE.search(t)]


def test_an_english_browser_reads_results_product_supplier_and_compare_in_english(
    live_server, browser
):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/search?q=may+ep+bun")
        assert page.get_attribute("html", "lang") == "en"
        assert _unmarked_vietnamese(page) == []
        page.locator(".search-result form[action*='/compare/'] button").first.click()
        page.wait_for_load_state()
        page.locator(".search-result h2 a").first.click()
        page.wait_for_url(re.compile(r"/products/"))
        assert page.locator("main table th").count() > 0  # specifications
        assert _unmarked_vietnamese(page) == []
        page.locator("main aside a[href^='/suppliers/']").first.click()
        page.wait_for_url(re.compile(r"/suppliers/\d{10}$"))
        assert _unmarked_vietnamese(page) == []
        page.goto(f"{live_server}/compare")
        assert page.locator("table.compare-table").is_visible()
        assert _unmarked_vietnamese(page) == []
    finally:
        context.close()
