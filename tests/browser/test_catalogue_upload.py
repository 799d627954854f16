"""A supplier uploads its own catalogue: a file with one error → the error report →
the fixed file → preview → confirm → the products on the company's profile."""

from __future__ import annotations

import re

import pytest

from marketplace.accounts.models import Role
from marketplace.db import new_session
from tests import factories

pytestmark = pytest.mark.browser

BAD = (
    "sku;name;category;origin;local_content_pct\n"
    "LN-10;Thiết bị lọc nước nano;WW;VN;60\n"
    "LN-20;Tủ điều khiển trạm bơm;XYZ;VN;90\n"
)
GOOD = BAD.replace(";XYZ;", ";WW;")


def test_supplier_uploads_its_catalogue(live, page, tmp_path):
    base, app = live
    with app.app_context(), new_session(app) as session:
        supplier = factories.make_supplier(
            session,
            name="Công ty TNHH Lọc Nước Nano Gia Lâm",
            tax_code=factories.valid_tax_code(9301),
        )
        staff = factories.make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
        email, tax = staff.email, supplier.tax_code
    (tmp_path / "san-pham.csv").write_text(BAD, encoding="utf-8")
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login)"))

    page.get_by_role("link", name="Sản phẩm của tôi").click()
    page.wait_for_url(re.compile(rf"/suppliers/{tax}/catalogue$"))
    assert "Chưa có lần nhập danh mục nào." in page.content()
    page.get_by_label("Tệp sản phẩm").set_input_files(tmp_path / "san-pham.csv")
    page.get_by_role("button", name="Kiểm tra tệp").click()

    page.wait_for_url(re.compile(r"/catalogue/uploads/"))
    assert "Tìm thấy 1 lỗi. Không có gì được lưu." in page.content()
    row = page.locator("#errors tr", has_text="category")
    assert "3" in row.inner_text() and "XYZ" in row.inner_text()

    (tmp_path / "san-pham.csv").write_text(GOOD, encoding="utf-8")
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp sản phẩm").set_input_files(tmp_path / "san-pham.csv")
    page.get_by_role("button", name="Kiểm tra tệp").click()

    page.wait_for_url(re.compile(r"/catalogue/uploads/"))
    counts = page.locator("#counts").inner_text()
    assert re.search(r"Sản phẩm\s+2\s+0\s+0", counts), counts
    assert f"{tax} / LN-20" in page.content()
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()

    page.get_by_text("Dữ liệu đã được nhập.").wait_for()
    page.get_by_role("link", name="Xem sản phẩm trên trang hồ sơ doanh nghiệp").click()
    page.wait_for_url(re.compile(rf"/suppliers/{tax}$"))
    assert "Thiết bị lọc nước nano" in page.content()
    assert "Tủ điều khiển trạm bơm" in page.content()

    page.goto(f"{base}/suppliers/{tax}/catalogue")
    assert "san-pham.csv" in page.locator("table").inner_text()
