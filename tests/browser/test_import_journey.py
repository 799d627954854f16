"""An official imports suppliers and products on the web: upload → problems → fixed
file → preview → confirm → result → the new products are found by search."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser

TAX = factories.valid_tax_code(9101)
SUPPLIERS = (
    "tax_code,name,province,commune,ownership\n"
    f"{TAX},Công ty TNHH Quan Trắc Tây Hồ,Hà Nội,Phường Tây Hồ,domestic\n"
)
BAD_PRODUCTS = (
    "supplier_tax_code;sku;name;category;origin;local_content_pct\n"
    f"{TAX};QT-100;Trạm quan trắc nước thải tự động;MON;VN;7.555\n"
    f"{TAX};QT/200;Cảm biến bụi PM2.5;MON;VN;40\n"
)
GOOD_PRODUCTS = (
    "supplier_tax_code;sku;name;category;origin;local_content_pct\n"
    f"{TAX};QT-100;Trạm quan trắc nước thải tự động;MON;VN;7,5\n"
    f"{TAX};QT-200;Cảm biến bụi PM2.5;MON;VN;40\n"
)


def test_official_imports_through_the_web(live, page, tmp_path):
    base, app = live
    (tmp_path / "nha-cung-cap.csv").write_text(SUPPLIERS, encoding="utf-8")
    (tmp_path / "san-pham.csv").write_text(BAD_PRODUCTS, encoding="utf-8")
    log_in_official(page, base, app)

    page.get_by_role("link", name="Nhập dữ liệu").click()
    page.get_by_label("Tệp nhà cung cấp").set_input_files(tmp_path / "nha-cung-cap.csv")
    page.get_by_label("Tệp sản phẩm").set_input_files(tmp_path / "san-pham.csv")
    page.get_by_role("button", name="Kiểm tra tệp").click()

    page.wait_for_url(re.compile(r"/officials/imports/uploads/"))
    errors = page.locator("#errors")
    assert "Tìm thấy 2 lỗi. Không có gì được lưu." in page.content()
    assert "có hơn hai chữ số thập phân" in errors.inner_text()
    row = errors.locator("tr", has_text="sku")
    assert "san-pham.csv" in row.inner_text() and "3" in row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách lỗi dạng CSV").click()
    # Semicolons: Vietnamese Excel splits a CSV's columns at them.
    assert "san-pham.csv;2;local_content_pct" in download.value.path().read_text("utf-8-sig")

    (tmp_path / "san-pham.csv").write_text(GOOD_PRODUCTS, encoding="utf-8")
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp nhà cung cấp").set_input_files(tmp_path / "nha-cung-cap.csv")
    page.get_by_label("Tệp sản phẩm").set_input_files(tmp_path / "san-pham.csv")
    page.get_by_role("button", name="Kiểm tra tệp").click()

    page.wait_for_url(re.compile(r"/officials/imports/uploads/"))
    counts = page.locator("#counts").inner_text()
    assert re.search(r"Sản phẩm\s+2\s+0\s+0", counts), counts
    assert "QT-200" in page.content() and "7,5%" in page.content()  # as typed, in Vietnamese
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()

    page.get_by_text("Dữ liệu đã được nhập.").wait_for()
    page.get_by_role("link", name=re.compile(r"Lần nhập #\d+")).click()
    assert f"{TAX} / QT-100" in page.content()

    page.goto(f"{base}/search?q=tram+quan+trac+nuoc+thai")
    assert "Trạm quan trắc nước thải tự động" in page.content()
    page.get_by_role("button", name="English").click()
    page.goto(f"{base}/officials/imports")
    assert "Import history" in page.content() and "nha-cung-cap.csv, san-pham.csv" in page.content()
