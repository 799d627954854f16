"""Long words on a phone: a description holding a long link wraps instead of widening
the page, and the import tables keep a tax code whole in its column."""

from __future__ import annotations

import re

from marketplace.db import new_session
from marketplace.registry import services
from tests import factories
from tests.browser.helpers import log_in_official

PHONE = {"width": 390, "height": 844}


def test_a_long_unbroken_description_wraps_on_a_phone(live, page):
    base, app = live
    long_link = "https://example.vn/" + "tailieukythuat" * 60
    with app.app_context(), new_session(app) as session:
        supplier = factories.make_supplier(session)
        product = factories.make_product(session, supplier, description=long_link)
        url = f"{base}/suppliers/{supplier.tax_code}/products/{product.sku}"
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert long_link in page.inner_text("main").replace("\n", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_batch_page_keeps_a_tax_code_whole_on_a_phone(live, page):
    base, app = live
    tax = factories.valid_tax_code(913)
    name = "Công ty TNHH " + "Thiết bị Lọc " * 18
    products = (
        "supplier_tax_code,sku,name,category,origin,description\n"
        f"{tax},LW-1,Máy lọc khí,AIR,VN,{'mô-tả-dài-không-dấu-cách-' * 30}\n"
    )
    with app.app_context(), new_session(app) as session:
        report = services.import_registry(
            session,
            ("s.csv", f"tax_code,name,province,ownership\n{tax},{name},Hà Nội,domestic\n".encode()),
            ("p.csv", products.encode()),
        )
    page.set_viewport_size(PHONE)
    log_in_official(page, base, app)
    page.goto(f"{base}/officials/imports/batches/{report.batch_id}")
    cell = page.locator("td", has_text=re.compile(rf"{tax} / LW-1")).first
    # The key's words stay whole: its cell is at least as wide as the tax code.
    width = cell.evaluate("td => td.clientWidth")
    code = page.evaluate(
        """tax => { const s = document.createElement('span'); s.textContent = tax;
            document.querySelector('main').appendChild(s); const w = s.offsetWidth;
            s.remove(); return w; }""",
        tax,
    )
    assert width >= code
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_problems_of_an_upload_stay_readable_on_a_phone(live, page, tmp_path):
    """The problem messages get a readable column (they were squeezed to 34 px and cut
    letter by letter), and a long file name wraps in the breadcrumb."""
    base, _app = live
    name = "danh-sach-nha-cung-cap-" + "x" * 80 + ".csv"
    bad = "tax_code,name,province,ownership\n" + "".join(
        f"01{n:08d},Công ty {n},Hà Nội,domestic\n" for n in range(5)
    )
    (tmp_path / name).write_text(bad, encoding="utf-8")
    page.set_viewport_size(PHONE)
    log_in_official(page, base, _app)
    page.goto(f"{base}/officials/imports?lang=vi")
    page.get_by_label("Tệp nhà cung cấp").set_input_files(tmp_path / name)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector("#errors")
    width = page.locator("#errors td.problem").first.evaluate("td => td.clientWidth")
    assert width >= 200, width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
