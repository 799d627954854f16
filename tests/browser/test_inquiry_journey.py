"""A buyer on a phone sends an inquiry with a drawing from a product page; the
supplier's staff find it unread in their inbox and reply; the buyer sees the reply."""

import re

import pytest

from marketplace.accounts.models import Role
from marketplace.db import new_session
from tests import factories
from tests.verification.helpers import pdf_bytes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _log_in(page, base, email):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login)"))


def test_inquiry_journey(live, browser, tmp_path):  # type: ignore[no-untyped-def]
    base, app = live
    with app.app_context(), new_session(app) as session:
        supplier = factories.make_supplier(session, name="Công ty TNHH Thiết bị Sông Hồng")
        product = factories.make_product(session, supplier, name="Máy ép bùn Sông Hồng 800")
        staff = factories.make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
        buyer = factories.make_user(session, Role.BUYER)
        tax, sku = supplier.tax_code, product.sku
        staff_email, buyer_email = staff.email, buyer.email
    drawing = tmp_path / "ban-ve-tram.pdf"
    drawing.write_bytes(pdf_bytes())

    phone_ctx = browser.new_context(viewport=PHONE, is_mobile=True)
    desk_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    phone, desk = phone_ctx.new_page(), desk_ctx.new_page()
    try:
        # The buyer, on a phone, writes from the product page.
        _log_in(phone, base, buyer_email)
        phone.goto(f"{base}/suppliers/{tax}/products/{sku}")
        phone.get_by_role("link", name="Gửi yêu cầu").click()
        phone.wait_for_url(re.compile(r"/inquiries/new"))
        assert phone.get_by_text("Máy ép bùn Sông Hồng 800").first.is_visible()
        phone.get_by_label("Tiêu đề").fill("Báo giá máy ép bùn cho trạm Cầu Giấy")
        phone.get_by_label("Tin nhắn", exact=True).fill("Cần 2 bộ, lắp trong quý 1.\nXem bản vẽ.")
        phone.get_by_label("Số lượng").fill("2")
        phone.get_by_label("Đơn vị tính").fill("bộ")
        phone.get_by_label("Xã/phường giao hàng (Hà Nội)").fill("Phường Cầu Giấy")
        phone.get_by_label("Tệp đính kèm").set_input_files(str(drawing))
        phone.get_by_role("button", name="Gửi yêu cầu").click()
        phone.wait_for_url(re.compile(r"/inquiries/\d+$"))
        assert phone.get_by_text("Yêu cầu của bạn đã được gửi.").is_visible()
        assert phone.get_by_role("link", name="ban-ve-tram.pdf").is_visible()
        # Nothing sticks out sideways on the phone.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # The staff find it unread in the inbox and reply.
        _log_in(desk, base, staff_email)
        desk.goto(f"{base}/inbox")
        row = desk.locator(".inquiry-list li", has_text="Báo giá máy ép bùn cho trạm Cầu Giấy")
        assert row.get_by_text("Chưa đọc").is_visible()
        row.get_by_role("link", name="Báo giá máy ép bùn cho trạm Cầu Giấy").click()
        assert desk.get_by_text("Cần 2 bộ, lắp trong quý 1.").is_visible()
        with desk.expect_download() as download:
            desk.get_by_role("link", name="ban-ve-tram.pdf").click()
        assert download.value.suggested_filename == "ban-ve-tram.pdf"
        desk.get_by_label("Câu trả lời của bạn").fill("Chúng tôi gửi báo giá: 350 triệu đồng/bộ.")
        desk.get_by_role("button", name="Gửi", exact=True).click()
        assert desk.get_by_text("Tin nhắn của bạn đã được gửi.").is_visible()
        desk.goto(f"{base}/inbox")
        assert desk.locator(".inquiry-list li").first.get_by_text("Đã trả lời").is_visible()

        # The buyer sees the reply.
        phone.goto(f"{base}/inquiries")
        mine = phone.locator(".inquiry-list li", has_text="Báo giá máy ép bùn cho trạm Cầu Giấy")
        assert mine.get_by_text("Chưa đọc").is_visible()
        assert mine.get_by_text("Đã trả lời").is_visible()
        mine.get_by_role("link", name="Báo giá máy ép bùn cho trạm Cầu Giấy").click()
        assert phone.get_by_text("Chúng tôi gửi báo giá: 350 triệu đồng/bộ.").is_visible()
    finally:
        phone_ctx.close()
        desk_ctx.close()
