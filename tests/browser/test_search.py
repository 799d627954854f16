"""A buyer searches without diacritics, narrows with two facets, opens a result;
and meets a helpful empty state."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_search_without_diacritics_two_facets_open_a_result(live_server, page):
    page.goto(f"{live_server}/")
    box = page.locator("#q-nav")
    box.fill("may ep bun")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=may"))
    assert "Kết quả cho" in page.locator("h1").inner_text()
    assert page.locator(".search-result").count() > 0
    assert page.locator(".search-result mark").first.inner_text().lower() in {"máy", "ép", "bùn"}
    before = int(page.locator("[role=status]").first.inner_text().split()[0])

    page.locator("section[aria-labelledby=facet-made_in] a").first.click()
    page.wait_for_url(re.compile(r"made_in="))
    page.locator("section[aria-labelledby=facet-province] a").first.click()
    page.wait_for_url(re.compile(r"province="))
    assert "made_in=" in page.url  # the first facet stays applied
    assert page.get_by_text("Bộ lọc đang áp dụng").is_visible()
    after = int(page.locator("[role=status]").first.inner_text().split()[0])
    assert 0 < after <= before

    first = page.locator(".search-result h2 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/suppliers/\d{10}/products/"))
    assert page.locator("h1").inner_text() == name


def test_suggestions_appear_while_typing(live_server, page):
    page.goto(f"{live_server}/?lang=en")
    page.locator("#q-nav").press_sequentially("may ep bu", delay=30)
    option = page.locator("#search-suggestions option").first
    option.wait_for(state="attached", timeout=5000)
    assert "bùn" in option.get_attribute("value").lower()


def test_empty_state_offers_ways_forward(live_server, page):
    page.goto(f"{live_server}/search?q=qwzxv&lang=en")
    assert page.get_by_text("No products match").is_visible()
    page.get_by_role("link", name="Browse the categories").click()
    page.wait_for_url(re.compile(r"/categories/"))


def test_on_a_phone_results_come_first_and_filters_open_on_demand(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/search?q=may+ep+bun")
        first = page.locator(".search-result").first
        assert first.is_visible()
        assert first.bounding_box()["y"] < 844  # on the first screen, above the filters
        facet = page.locator("section[aria-labelledby=facet-made_in]")
        assert not facet.is_visible()
        page.get_by_role("button", name="Bộ lọc").click()
        facet.wait_for(state="visible")
        facet.locator("a").first.click()
        page.wait_for_url(re.compile(r"made_in="))
        assert page.get_by_role("button", name="Bộ lọc (1)").is_visible()
        # The brand and the menu button share one line.
        brand = page.locator(".navbar-brand").bounding_box()
        toggler = page.locator(".navbar-toggler").bounding_box()
        assert abs(brand["y"] - toggler["y"]) < brand["height"]
    finally:
        context.close()
