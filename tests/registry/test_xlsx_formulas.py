"""An XLSX cell holding a formula is read as its stored result; a formula no
spreadsheet program ever calculated (a file written by a script) has none, and is
refused naming its cell rather than read as empty (which would clear a value)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from marketplace.imports.tables import TableError, read_table

COLUMNS = ("sku", "name", "local_content_pct")


def _xlsx(*rows: tuple[object, ...]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_uncalculated_formula_is_refused_naming_its_cell():
    data = _xlsx(("A-1", "Máy ép bùn", 40), ("A-2", "Bể tự hoại", "=50+10"))
    table = read_table(data, "p.xlsx", COLUMNS, ("sku",))
    with pytest.raises(TableError) as refused:
        list(table.rows)
    assert refused.value.line == 3
    assert "cell C3 holds a formula that was never calculated" in refused.value.message


def test_a_workbook_without_formulas_reads_as_before():
    data = _xlsx(("A-1", "Máy ép bùn", 40), ("A-2", "Bể tự hoại", None))
    table = read_table(data, "p.xlsx", COLUMNS, ("sku",))
    assert [values for _line, values in table.rows] == [
        ["A-1", "Máy ép bùn", "40"],
        ["A-2", "Bể tự hoại", ""],
    ]


def test_a_broken_workbook_is_named_without_python_words():
    with pytest.raises(TableError) as refused:
        read_table(b"PK\x03\x04 not really a zip", "p.xlsx", COLUMNS, ("sku",))
    assert refused.value.message == "not a readable XLSX workbook"
