"""The whole story of a request for quotation, with three parties in their own browsers:
a buyer posts a request, two suppliers quote, the buyer compares and awards one, the
other is told politely, and the award appears in the officials' drill-down and moves
the dashboard's figure for its category and year. Each party sees only its own part."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.rfqs.models import Quote, Rfq
from tests import factories
from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser
YEAR = date.today().year
WORD = "Zyxtra"  # in both suppliers' product names: the text match invites them


def _party(browser, base, email=None, width=1280):  # type: ignore[no-untyped-def]
    """A browser context logged in as `email` (if given), reading English."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())  # the confirmations of destructive actions
    if email:
        page.goto(f"{base}/account/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(factories.PASSWORD)
        page.locator("#password").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*login)"))
    _english(page)  # with the navbar unfolded, then down to the party's screen
    page.set_viewport_size({"width": width, "height": 900})
    return context, page


def _english(page) -> None:  # type: ignore[no-untyped-def]
    english = page.get_by_role("button", name="English")
    if english.count():
        english.click()
        page.get_by_role("button", name="Tiếng Việt").wait_for()


def _setup(app):  # type: ignore[no-untyped-def]
    with app.app_context(), new_session(app) as s:
        # English names as on real profiles: English pages must show them.
        a = factories.make_supplier(s, name="Công ty Alpha Zyxtra", name_en="Alpha Zyxtra Co.")
        b = factories.make_supplier(s, name="Công ty Beta Zyxtra", name_en="Beta Zyxtra Co.")
        for supplier in (a, b):
            factories.make_product(s, supplier, name=f"Máy ép bùn {WORD}", category_code="WW-SLU")
        buyer = factories.make_user(s, Role.BUYER)
        staff_a = factories.make_user(s, Role.SUPPLIER_STAFF, supplier=a)
        staff_b = factories.make_user(s, Role.SUPPLIER_STAFF, supplier=b)
        return buyer.email, staff_a.email, staff_b.email, a.name_en, b.name_en


def _quote(page, base, price: str, lead: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/inbox/rfqs")
    assert (
        page.locator("[data-inbox-unread='1']").count() == 1
    )  # the navbar badge (folded on a phone)
    page.get_by_role("link", name=f"Sludge presses {WORD}").click()
    page.get_by_label("Total price (VND)").fill(price)
    page.get_by_label("Lead time (days)").fill(lead)
    page.get_by_label("Local content (%)").fill("65")
    page.get_by_label("Warranty (months)").fill("24")
    page.get_by_role("button", name="Send the quote").click()
    page.get_by_text("Your quote is sent.").wait_for()


def _coverage(page, base) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/officials/share?year={YEAR}")
    return page.locator("#row-WW .coverage-cell").inner_text()


def test_rfq_journey(live, browser):  # type: ignore[no-untyped-def]
    base, app = live
    buyer_email, a_email, b_email, a_name, b_name = _setup(app)
    contexts = []
    try:
        buyer_ctx, buyer = _party(browser, base, buyer_email)
        a_ctx, sup_a = _party(browser, base, a_email)
        b_ctx, sup_b = _party(browser, base, b_email, width=390)  # a phone
        off_ctx, official = _party(browser, base)
        contexts = [buyer_ctx, a_ctx, b_ctx, off_ctx]
        log_in_official(official, base, app)
        _english(official)
        before = _coverage(official, base)

        # The buyer drafts a request from the category's usual specs, then publishes it.
        buyer.goto(f"{base}/rfqs")
        buyer.get_by_role("link", name="New request for quotation").first.click()
        buyer.get_by_label("Category", exact=True).first.select_option("WW-SLU")
        buyer.get_by_role("button", name="Offer the usual specifications").click()
        assert buyer.locator(".spec-row input").first.input_value() == "công suất"
        buyer.locator(".spec-row input").nth(1).fill("50 m3/ngày")
        buyer.get_by_label("Title").fill(f"Sludge presses {WORD}")
        buyer.get_by_label("Quantity").fill("2")
        buyer.get_by_label("Unit").fill("set")
        buyer.get_by_label("Delivery commune or ward (Hà Nội)").fill("Cầu Giấy")
        deadline = date.today() + timedelta(days=7)
        buyer.get_by_label("Quotes accepted until").fill(deadline.isoformat())
        buyer.get_by_role("button", name="Save the draft").click()
        buyer.get_by_text("Your draft is saved.").wait_for()
        buyer.get_by_role("button", name="Publish").click()
        buyer.get_by_text(re.compile(r"^\d+ suppliers invited$")).wait_for()
        assert a_name in buyer.content() and b_name in buyer.content()
        rfq_id = int(re.search(r"/rfqs/(\d+)", buyer.url)[1])  # type: ignore[index]

        # Both suppliers quote from their inbox; B does so on a phone.
        _quote(sup_a, base, "700000000", "30")
        _quote(sup_b, base, "650000000", "60")
        with app.app_context(), new_session(app) as s:
            quote_a = s.scalar(
                select(Quote.id).where(Quote.rfq_id == rfq_id, Quote.price_vnd == 700000000)
            )
        # B sees neither A's quote nor A's name, nor how many quoted.
        assert sup_b.goto(f"{base}/rfqs/{rfq_id}/quotes/{quote_a}").status == 404
        assert sup_b.goto(f"{base}/rfqs/{rfq_id}/compare").status == 404
        sup_b.goto(f"{base}/rfqs/{rfq_id}")
        assert a_name not in sup_b.content() and "700,000,000" not in sup_b.content()
        # The official sees neither the request nor its quotes before the award.
        assert official.goto(f"{base}/rfqs/{rfq_id}").status == 404

        # The buyer compares (cheapest first, then by lead time) and awards A.
        buyer.goto(f"{base}/rfqs/{rfq_id}")
        buyer.get_by_text("2 quotes received.").wait_for()
        buyer.get_by_role("link", name="Compare the quotes").click()
        rows = buyer.locator("tr.quote-row")
        assert rows.nth(0).get_attribute("data-supplier") == b_name
        buyer.get_by_role("link", name="Lead time", exact=True).click()
        assert rows.nth(0).get_attribute("data-supplier") == a_name
        buyer.get_by_role("link", name=f"Award {a_name}").click()
        buyer.get_by_label("Contract value (VND)").fill("690000000")
        buyer.get_by_label("Year of delivery").fill(str(YEAR))
        buyer.get_by_role("button", name="Confirm the award").click()
        buyer.get_by_text("The quote is chosen").wait_for()
        assert buyer.locator("[data-state='awarded']").is_visible()

        # The winner and the other supplier are told; B's notice is polite.
        sup_a.goto(f"{base}/rfqs/{rfq_id}")
        sup_a.get_by_text("The buyer chose your quote.").wait_for()
        sup_b.goto(f"{base}/notifications/")
        sup_b.get_by_text("The buyer has chosen another offer this time").first.wait_for()
        sup_b.goto(f"{base}/rfqs/{rfq_id}")
        assert sup_b.locator("[data-quote-state='lost']").is_visible()
        assert a_name not in sup_b.content()

        # The officials' dashboard moved; the drill-down lists the award with a link back.
        after = _coverage(official, base)
        assert after != before
        official.locator("#row-WW").get_by_role("link", name=re.compile(r"^Records")).click()
        official.wait_for_url(re.compile(r"/officials/share/records\?"))
        official.get_by_label("Record id or buyer").fill(f"RFQ-{rfq_id}")
        official.get_by_role("button", name="Apply filters").click()
        official.wait_for_url(re.compile(r"q=RFQ-"))
        assert official.get_by_role("link", name=f"RFQ-{rfq_id}", exact=True).is_visible()
        official.get_by_role("link", name="the award").first.click()
        official.wait_for_url(re.compile(rf"/officials/rfqs/{rfq_id}$"))
        summary = official.locator("main").inner_text()
        assert a_name in summary and "690,000,000" in summary
        assert b_name not in summary and "650,000,000" not in summary
        with app.app_context(), new_session(app) as s:
            assert s.get(Rfq, rfq_id).supply_record_id is not None  # type: ignore[union-attr]
    finally:
        for context in contexts:
            context.close()
