"""A supplier asks for verification with documents; an official rejects it with a
reason; the supplier reads it, fixes and resubmits; the official approves and the
badge shows the date; renaming the company withdraws the badge and requeues it."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from marketplace.accounts.models import Role
from marketplace.db import new_session
from tests import factories
from tests.browser.helpers import log_in_official
from tests.verification.helpers import pdf_bytes

pytestmark = pytest.mark.browser


def _log_in(page, base, email):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login)"))


def _decide(page, base, tax, button, reason=None):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/officials/verification")
    page.get_by_role("link", name="Công ty TNHH Lọc khí Tây Hồ").click()
    page.wait_for_url(re.compile(f"/officials/verification/{tax}$"))
    if reason:
        page.get_by_label("Lý do (bắt buộc)").first.fill(reason)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile("/officials/verification$"))


def test_verification_journey(live, browser, tmp_path):  # type: ignore[no-untyped-def]
    base, app = live
    with app.app_context(), new_session(app) as session:
        supplier = factories.make_supplier(
            session, state="pending", name="Công ty TNHH Lọc khí Tây Hồ", name_en=None
        )
        staff = factories.make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
        tax, email = supplier.tax_code, staff.email
    pdf = tmp_path / "giay-dkkd.pdf"
    pdf.write_bytes(pdf_bytes())

    own = browser.new_context(viewport={"width": 1280, "height": 900})
    sup = own.new_page()
    sup.on("dialog", lambda d: d.accept())
    off_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    off = off_ctx.new_page()
    off.on("dialog", lambda d: d.accept())
    try:
        # The supplier attaches its registration certificate and asks for verification.
        _log_in(sup, base, email)
        sup.goto(f"{base}/suppliers/{tax}")
        sup.get_by_role("link", name="Tài liệu và xác minh").click()
        sup.get_by_label("Loại tài liệu").select_option("registration")
        sup.get_by_label("Tệp").set_input_files(str(pdf))
        sup.get_by_label("Số hiệu").fill("0101-ĐKKD-01")
        sup.get_by_role("button", name="Tải lên").click()
        assert sup.get_by_text("Đã thêm tài liệu.").is_visible()
        sup.get_by_role("button", name="Đề nghị xác minh").click()
        assert sup.get_by_text("Đề nghị của bạn đã được gửi.").is_visible()

        # The official rejects it with a reason.
        log_in_official(off, base, app)
        _decide(off, base, tax, "Từ chối", reason="Giấy ĐKKD không rõ số trang 2")
        assert off.get_by_text("Nhân viên của doanh nghiệp đã được thông báo.").is_visible()

        # The supplier sees the reason and a notice, fixes and resubmits.
        sup.goto(f"{base}/suppliers/{tax}")
        assert sup.get_by_text("Giấy ĐKKD không rõ số trang 2").first.is_visible()
        assert sup.locator("[data-unread='1']").is_visible()
        sup.get_by_role("link", name="Tài liệu và xác minh").click()
        sup.get_by_label("Loại tài liệu").select_option("iso")
        sup.get_by_label("Tệp").set_input_files(str(pdf))
        sup.get_by_role("button", name="Tải lên").click()
        sup.get_by_role("button", name="Gửi lại để xác minh").click()
        assert sup.get_by_text("Đề nghị của bạn đã được gửi.").is_visible()

        # The official approves: the badge shows the date of the check.
        _decide(off, base, tax, "Phê duyệt")
        sup.goto(f"{base}/suppliers/{tax}")
        badge = sup.locator(".badge-verified").first
        assert "Đã xác minh" in badge.inner_text()
        hanoi_today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        assert hanoi_today.strftime("%d/%m/%Y") in badge.inner_text()

        # A verified supplier renames itself: badge gone, back in the queue.
        sup.get_by_role("link", name="Sửa hồ sơ").click()
        sup.get_by_label("Tên đăng ký (tiếng Việt)").fill("Công ty CP Lọc khí Tây Hồ")
        sup.get_by_role("button", name="Lưu").click()
        sup.wait_for_url(re.compile(f"/suppliers/{tax}$"))
        assert sup.locator(".badge-verified").count() == 0
        off.goto(f"{base}/officials/verification")
        off.get_by_role("link", name="Công ty CP Lọc khí Tây Hồ").click()
        assert off.get_by_text("Quay lại hàng chờ: thông tin đã xác minh bị thay đổi").is_visible()
        assert off.locator("del", has_text="Công ty TNHH Lọc khí Tây Hồ").first.is_visible()
    finally:
        own.close()
        off_ctx.close()
