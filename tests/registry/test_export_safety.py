"""Exports are safe to open: text a spreadsheet would run as a formula stays text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import make_product, make_supplier

FORMULA = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_formula_in_a_product_name_is_exported_as_text(app, session, tmp_path, ext):
    supplier = make_supplier(session)
    make_product(session, supplier, name=FORMULA, sku="F-1")
    out_s, out_p = tmp_path / f"s.{ext}", tmp_path / f"p.{ext}"
    result = app.test_cli_runner().invoke(args=["registry", "export", str(out_s), str(out_p)])
    assert result.exit_code == 0, result.output
    if ext == "xlsx":
        ws = load_workbook(out_p).active
        cell = ws["C2"]
        assert cell.value == FORMULA and cell.data_type == "s"
    else:
        rows = list(csv.reader(io.StringIO(out_p.read_text(encoding="utf-8-sig"))))
        assert rows[1][2] == "'" + FORMULA
    # Our own export reads back as it was written.
    again = app.test_cli_runner().invoke(args=["registry", "import", str(out_s), str(out_p)])
    assert "Products: 0 created, 0 updated, 1 unchanged" in again.output
