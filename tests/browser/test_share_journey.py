"""An official, in each language: uploads supply records → preview → confirm → the
dashboard → the records behind a figure → exports them → the annual report as PDF."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser

TEXT = {
    "vi": {
        "imports": "Nhập dữ liệu",
        "file": "Tệp bản ghi cung ứng",
        "check": "Kiểm tra bản ghi cung ứng",
        "ready": "Sẵn sàng nhập",
        "confirm": "Xác nhận nhập dữ liệu",
        "stored": "Dữ liệu đã được nhập.",
        "dashboard": "Bảng điều khiển",
        "records": "Bản ghi",
        "q": "Mã bản ghi hoặc bên mua",
        "apply": "Áp dụng bộ lọc",
        "count": "Số bản ghi: 2",
        "report": "Báo cáo năm",
        "pdf": "Tải về dạng PDF",
    },
    "en": {
        "imports": "Imports",
        "file": "Supply records file",
        "check": "Check the supply records",
        "ready": "Ready to import",
        "confirm": "Confirm the import",
        "stored": "The import is stored.",
        "dashboard": "Dashboard",
        "records": "Records",
        "q": "Record id or buyer",
        "apply": "Apply filters",
        "count": "Records: 2",
        "report": "Annual report",
        "pdf": "Download as PDF",
    },
}


def _records_csv(lang: str) -> str:
    return (
        "record_id,year,category,value_vnd,origin,local_content_pct,buyer,source\n"
        f"PW-{lang}-1,2026,WW-SLU,5.000.000.000,VN,72,Ban QLDA Hà Nội,procurement\n"
        f"PW-{lang}-2,2026,WW,1.200.000.000,DE,,UBND phường Tây Hồ,survey\n"
    )


def _log_in(page, base: str, app, lang: str) -> None:  # type: ignore[no-untyped-def]
    log_in_official(page, base, app)
    if lang == "en":  # the language switch: the choice stays for the session
        page.get_by_role("button", name="English").click()
        page.get_by_role("link", name="Imports", exact=True).wait_for()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_official_from_upload_to_report(live, page, tmp_path, lang):
    base, app = live
    t = TEXT[lang]
    path = tmp_path / "ban-ghi-cung-ung.csv"
    path.write_text(_records_csv(lang), encoding="utf-8")
    _log_in(page, base, app, lang)

    page.get_by_role("link", name=t["imports"], exact=True).click()
    page.get_by_label(t["file"]).set_input_files(path)
    page.get_by_role("button", name=t["check"]).click()
    page.wait_for_url(re.compile(r"/officials/imports/uploads/"))
    page.get_by_text(t["ready"]).first.wait_for()
    assert f"PW-{lang}-1" in page.content()
    page.get_by_role("button", name=t["confirm"]).click()
    page.get_by_text(t["stored"]).wait_for()

    page.get_by_role("link", name=t["dashboard"], exact=True).first.click()
    page.wait_for_url(re.compile(r"/officials/share"))
    assert "2026" in page.locator("#table-heading").inner_text()  # the latest year
    table = page.locator("table.share-table").first
    assert "WW" in table.inner_text()
    table.get_by_role("link", name=re.compile(rf"^{t['records']}\b")).first.click()
    page.wait_for_url(re.compile(r"/officials/share/records\?.*category=WW"))
    page.get_by_label(t["q"]).fill(f"PW-{lang}")
    page.get_by_role("button", name=t["apply"]).click()
    page.wait_for_url(re.compile(r"q=PW-"))
    content = page.content()
    assert f"PW-{lang}-1" in content and f"PW-{lang}-2" in content
    assert t["count"] in page.locator("main").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    assert sorted(r["record_id"] for r in rows) == [f"PW-{lang}-1", f"PW-{lang}-2"]
    assert {r["value_vnd"] for r in rows} == {"5000000000", "1200000000"}

    page.get_by_role("link", name=t["dashboard"], exact=True).first.click()
    page.get_by_role("link", name=t["report"], exact=True).click()
    page.wait_for_url(re.compile(r"/officials/share/report\?"))
    with page.expect_download() as download:
        page.get_by_role("link", name=t["pdf"]).click()
    pdf = PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "2026" in text
    heading = "Thiết bị xử lý nước thải" if lang == "vi" else "Wastewater treatment equipment"
    assert heading in text
