"""A visitor compares products: three from the search results, the comparison side
by side, one removed; on a desktop and on a phone (the table scrolls sideways with
its first column kept in view)."""

import re

import pytest

pytestmark = pytest.mark.browser


def _compare_three(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/search?q=may")
    assert page.locator(".search-result").count() >= 3
    names = []
    for i in range(3):
        result = page.locator(".search-result").nth(i)
        names.append(result.locator("h2 a").inner_text())
        result.locator(".buyer-actions button[aria-pressed=false]").first.click()
        page.wait_for_load_state()
        assert result.locator(".buyer-actions button[aria-pressed=true]").count() == 1
    assert "3 sản phẩm để so sánh" in page.locator(".compare-bar").inner_text()
    page.get_by_role("link", name="So sánh ngay").click()
    page.wait_for_url(re.compile(r"/compare$"))
    return names


def _remove_one(page, index: int) -> None:  # type: ignore[no-untyped-def]
    column = page.locator("thead th.compare-product").nth(index)
    link = column.locator("a").get_attribute("href")
    column.get_by_role("button", name=re.compile("khỏi bảng so sánh")).click()
    page.wait_for_load_state()
    assert page.locator("th.compare-product").count() == 2
    assert page.locator(f'thead a[href="{link}"]').count() == 0


def test_compare_three_from_the_results_and_remove_one(live_server, page):
    names = _compare_three(page, live_server)
    header = page.locator("thead").inner_text()
    assert all(n in header for n in names)
    assert page.locator("th.compare-product").count() == 3
    # Photo, supplier, category, price, local content, origin, HS code at least.
    assert page.locator("tbody th.compare-label").count() >= 7
    _remove_one(page, 1)


def test_compare_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _compare_three(page, live_server)
        scroller = page.locator(".compare-scroll")
        assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
        label = page.locator("tbody th.compare-label").first
        before = label.bounding_box()["x"]
        scroller.evaluate("el => { el.scrollLeft = 400; }")
        page.wait_for_function("() => document.querySelector('.compare-scroll').scrollLeft > 0")
        assert abs(label.bounding_box()["x"] - before) < 2  # the labels stay in view
        _remove_one(page, 0)
    finally:
        context.close()
