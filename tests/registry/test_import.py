from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier
from tests.factories import valid_tax_code

SEARCH_DEV = Path(__file__).resolve().parents[3] / "shared" / "search-dev"
TAX_A, TAX_B = valid_tax_code(501), valid_tax_code(502)
SUPPLIERS = (
    "tax_code,name,province,commune,ownership,certifications\n"
    f"{TAX_A},Công ty TNHH Xanh,Hà Nội,phường Cầu Giấy,domestic,ISO 9001;ISO 14001\n"
    f"{TAX_B},Công ty CP Sạch,Tỉnh Hải Dương,,domestic,\n"
)
PRODUCTS = (
    "sku,supplier_tax_code,name,category,origin,local_content_pct,specs\n"
    f"A1,{TAX_A},Máy ép bùn,WW-SLU,VN,80,khổ băng: 1000 mm; vật liệu: inox\n"
    f"A2,{TAX_A},Thùng rác 240 lít,COL,VN,,\n"
    f"B1,{TAX_B},Cảm biến pH,MON,DE,5,\n"
)


def _write(tmp_path: Path, name: str, text: str, bom: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


def _import(app, *paths):
    return app.test_cli_runner().invoke(args=["registry", "import", *paths])


def _counts(session):
    session.expire_all()
    return (
        session.scalar(select(func.count()).select_from(Supplier)),
        session.scalar(select(func.count()).select_from(Product)),
    )


def test_import_stores_suppliers_and_products(app, session, tmp_path):
    result = _import(
        app, _write(tmp_path, "s.csv", SUPPLIERS, bom=True), _write(tmp_path, "p.csv", PRODUCTS)
    )
    assert result.exit_code == 0, result.output
    assert "Suppliers: 2 created" in result.output
    assert _counts(session) == (2, 3)
    moved = session.scalar(select(Supplier).where(Supplier.tax_code == TAX_B))
    assert moved.province == "Hải Phòng"
    assert "merged into Hải Phòng" in result.output


def test_one_bad_row_stores_nothing_and_names_the_row(app, session, tmp_path):
    bad = PRODUCTS.replace("B1,", "B1,").replace(",MON,DE,5,", ",XYZ,DE,150,")
    result = _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", bad))
    assert result.exit_code != 0
    assert "p.csv line 4, category: unknown category code XYZ" in result.output
    assert "p.csv line 4, local_content_pct: must be between 0 and 100" in result.output
    assert _counts(session) == (0, 0)


def test_fixed_file_imported_twice_stores_each_row_once(app, session, tmp_path):
    s, p = _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", PRODUCTS)
    assert _import(app, s, p).exit_code == 0
    second = _import(app, s, p)
    assert "Suppliers: 0 created, 0 updated, 2 unchanged, 0 rejected." in second.output
    assert "Products: 0 created, 0 updated, 3 unchanged, 0 rejected." in second.output
    assert _counts(session) == (2, 3)


def test_reimport_updates_values(app, session, tmp_path):
    _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", PRODUCTS))
    changed = PRODUCTS.replace("Máy ép bùn,", "Máy ép bùn trục vít,")
    _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p2.csv", changed))
    session.expire_all()
    assert session.scalar(select(Product.name).where(Product.sku == "A1")) == "Máy ép bùn trục vít"


def test_unknown_column_is_rejected(app, session, tmp_path):
    result = _import(
        app, _write(tmp_path, "s.csv", SUPPLIERS.replace("certifications", "chung_nhan"))
    )
    assert result.exit_code != 0 and "unknown column(s) chung_nhan" in result.output


def test_missing_required_column_is_rejected(app, tmp_path):
    result = _import(app, _write(tmp_path, "s.csv", "tax_code,name\n0100000000,X\n"))
    assert "missing required column(s) province, ownership" in result.output


def test_product_of_an_unknown_supplier_is_an_error(app, session, tmp_path):
    _import(app, _write(tmp_path, "s.csv", SUPPLIERS))
    orphan = f"sku,supplier_tax_code,name,category,origin\nX1,{valid_tax_code(777)},X,WW,VN\n"
    result = _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "o.csv", orphan))
    assert "neither in the registry nor in this import" in result.output


def test_duplicate_key_in_one_file_is_an_error(app, tmp_path):
    lines = SUPPLIERS.splitlines()
    result = _import(app, _write(tmp_path, "s.csv", "\n".join([*lines, lines[1]]) + "\n"))
    assert "s.csv line 4, tax_code: tax code" in result.output
    assert "already appears on line 2" in result.output


def test_xlsx_with_the_same_header_is_accepted(app, session, tmp_path):
    wb = Workbook()
    ws = wb.active
    for line in SUPPLIERS.strip().splitlines():
        ws.append(line.split(","))
    wb.save(tmp_path / "s.xlsx")
    result = _import(app, str(tmp_path / "s.xlsx"))
    assert result.exit_code == 0, result.output
    assert _counts(session) == (2, 0)


def test_not_utf8_is_a_clear_error(app, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(SUPPLIERS.encode("cp1258", errors="replace"))
    output = _import(app, str(path)).output
    assert "s.csv line 2: not UTF-8 text" in output


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_export_round_trips(app, session, tmp_path, ext):
    _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", PRODUCTS))
    out_s, out_p = tmp_path / f"out-s.{ext}", tmp_path / f"out-p.{ext}"
    result = app.test_cli_runner().invoke(args=["registry", "export", str(out_s), str(out_p)])
    assert "Wrote 2 suppliers" in result.output and "3 products" in result.output
    again = _import(app, str(out_s), str(out_p))
    assert again.exit_code == 0, again.output
    assert "Suppliers: 0 created, 0 updated, 2 unchanged" in again.output
    assert "Products: 0 created, 0 updated, 3 unchanged" in again.output
    assert _counts(session) == (2, 3)
    spec = session.scalar(select(Product).where(Product.sku == "A1")).specs_text
    assert spec == "khổ băng: 1000 mm; vật liệu: inox"


@pytest.mark.skipif(not SEARCH_DEV.is_dir(), reason="shared/search-dev is not beside the project")
def test_development_data_set_imports_as_it_is(app, session):
    result = _import(app, str(SEARCH_DEV / "suppliers.csv"), str(SEARCH_DEV / "products.csv"))
    assert result.exit_code == 0, result.output[-2000:]
    assert _counts(session) == (100, 814)


def test_without_a_terminal_the_import_prints_each_stage(app, tmp_path):
    # A cron job or a CI log sees progress as it happens, not only at the end.
    result = _import(app, _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", PRODUCTS))
    stages = [line for line in result.output.splitlines() if line.endswith("…")]
    assert stages == ["Validating…", "Writing…", "Indexing…"]
