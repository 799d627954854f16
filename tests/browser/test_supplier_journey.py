"""A manufacturer signs up, registers the company, lists a product with a photo and
sees it on the public product page in both languages."""

import re

import pytest
from PIL import Image

from tests.factories import valid_tax_code

pytestmark = pytest.mark.browser


def _photo(tmp_path):
    path = tmp_path / "may-ep-bun.png"
    Image.new("RGB", (900, 600), (30, 110, 70)).save(path)
    return path


def test_supplier_lists_a_product_with_a_photo(live_server, page, tmp_path):
    tax = valid_tax_code(880)
    page.goto(f"{live_server}/account/signup")
    page.get_by_label("nhà sản xuất hoặc nhà phân phối").check()
    page.get_by_label("Họ và tên").fill("Lê Văn Cường")
    page.get_by_label("E-mail").fill("cuong@songday.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-manh-1")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-manh-1")
    page.get_by_role("button", name="Tạo tài khoản").click()

    page.get_by_label("Mã số thuế (MST)").fill(tax)
    page.get_by_label("Tên đăng ký (tiếng Việt)").fill("Công ty TNHH Cơ khí Sông Đáy")
    page.get_by_label("Tên tiếng Anh").fill("Song Day Machinery Co., Ltd.")
    page.get_by_label("Xã / phường").fill("Phường Cầu Giấy")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(f"/suppliers/{tax}$"))
    assert "Chờ xác minh" in page.content()

    page.get_by_role("link", name="Thêm sản phẩm").first.click()
    page.get_by_label("Mã sản phẩm (SKU)").fill("SD-BFP-1500")
    page.get_by_label("Tên (tiếng Việt)").fill("Máy ép bùn băng tải khổ 1500 mm")
    page.get_by_label("Tên (tiếng Anh)").fill("Belt filter press, 1500 mm belt")
    page.get_by_label("Danh mục").select_option("WW-SLU")
    page.get_by_label("Tỷ lệ nội địa hóa (%)").fill("85")
    page.get_by_label("Thông số kỹ thuật").fill("khổ băng: 1500 mm\nvật liệu: inox SUS304")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile("/products/SD-BFP-1500$"))

    page.get_by_label("Ảnh (JPEG, PNG hoặc WebP)").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Tải ảnh lên").click()
    assert page.get_by_text("Đã thêm ảnh.").is_visible()
    product_url = page.url

    page.get_by_role("button", name="Tài khoản").click()  # the account menu
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/$|/\?"))
    page.goto(product_url)
    assert page.get_by_role("heading", name="Máy ép bùn băng tải khổ 1500 mm").is_visible()
    assert page.locator("img[alt^='Ảnh 1']").count() == 1
    assert page.get_by_text("inox SUS304").is_visible()

    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Belt filter press, 1500 mm belt").is_visible()
    assert page.get_by_text("Made in Vietnam").is_visible()
    assert page.locator("img[alt^='Photo 1']").count() == 1


def test_layout_is_usable_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server)
    page.get_by_role("button", name="Mở/đóng menu").click()
    assert page.get_by_role("link", name="Nhà cung cấp").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
