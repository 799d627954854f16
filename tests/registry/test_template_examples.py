"""Each template's example row is recognised by the table reader and left out of an
import; a row that only shares part of it (the same SKU with another name, say) is
the user's own and is read."""

import csv
import io

import pytest

from marketplace.imports.tables import read_table
from marketplace.products.fields import PRODUCT_LAYOUT
from marketplace.share.fields import SUPPLY_LAYOUT
from marketplace.suppliers.fields import SUPPLIER_LAYOUT


@pytest.mark.parametrize("layout", [SUPPLIER_LAYOUT, PRODUCT_LAYOUT, SUPPLY_LAYOUT])
def test_the_example_row_and_only_it_is_left_out(layout):
    example = dict(layout.example)
    own = {**example, layout.identity[-1]: example[layout.identity[-1]] + " 2"}
    spaced = {k: f" {v} " for k, v in example.items()}  # as a spreadsheet may pad it
    out = io.StringIO()
    writer = csv.DictWriter(out, layout.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows([example, own, spaced])
    table = read_table(out.getvalue().encode(), "f.csv", layout.columns, sorted(layout.required))
    assert [line for line, _values in table.rows] == [3]
    assert table.examples == [2, 4]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_cell_with_a_control_character_is_refused_naming_its_column(char):
    data = f'tax_code,name\n0101,Công ty A\n0102,M{char}y bơm\n0103,"Tab\tand\r\nline"\n'.encode()
    table = read_table(data, "f.csv", ["tax_code", "name"], ["tax_code"])
    assert [values[1] for _line, values in table.rows] == ["Công ty A", "Tab\tand\r\nline"]
    assert table.problems == [
        (
            3,
            f"column name holds an invisible control character (U+{ord(char):04X}), "
            "which cannot be stored: delete it from the cell",
        )
    ]


def test_a_refused_cell_is_quoted_cut_short_and_a_nameless_column_is_named(app):
    from marketplace.imports.numbers import parse_vnd
    from marketplace.imports.tables import TableError

    with app.test_request_context("/?lang=en"):
        with pytest.raises(ValueError) as refused:
            parse_vnd("9" * 3000)
        assert str(refused.value).endswith(f"(got {'9' * 60}…)")
        header = "tax_code,,name," + "x" * 20000 + "\n0101,A,b,c\n"
        with pytest.raises(TableError) as bad:
            read_table(header.encode(), "f.csv", ["tax_code", "name"], ["tax_code"])
        assert f"unknown column(s) (a column without a name), {'x' * 40}…;" in bad.value.message
        assert len(bad.value.message) < 200


@pytest.mark.parametrize(
    ("lang", "limit"), [("vi", "1.000.000.000.000.000"), ("en", "1,000,000,000,000,000")]
)
def test_a_long_limit_is_written_with_the_readers_separators_and_a_year_as_is(app, lang, limit):
    from marketplace.imports.numbers import parse_int, parse_vnd

    with app.test_request_context(f"/?lang={lang}"):
        with pytest.raises(ValueError) as refused:
            parse_vnd("2000000000000000")
        assert " 0 " in str(refused.value) and f" {limit} " in str(refused.value)
        with pytest.raises(ValueError) as year:
            parse_int("1990", lo=2000, hi=2027)
        assert " 2000 " in str(year.value) and " 2027 " in str(year.value)
