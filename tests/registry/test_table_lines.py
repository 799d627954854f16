"""Every row read from a CSV file keeps the line it starts on, however many rows
come before it and whether or not a cell holds a line break: the line numbers of
errors are what the user looks up in the file."""

from __future__ import annotations

import io

import pytest

from marketplace.imports.tables import TableError, _csv_records_slowly, read_table

COLUMNS = ("a", "b")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    table = read_table(text.encode(), "t.csv", COLUMNS, ())
    return list(table.rows)


def _expected(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Each physical line a record `x,y` (header on line 1)."""
    return [(i, line.split(",")) for i, line in enumerate(lines, start=2) if line]


@pytest.mark.parametrize("n", [1, 1999, 2000, 2001, 4500])
def test_one_line_rows_keep_their_lines(app, n):
    lines = [f"k{i},v{i}" for i in range(n)]
    lines[n // 2] = ""  # a blank line is skipped but still counts
    with app.test_request_context():
        assert _rows("a,b\n" + "\n".join(lines) + "\n") == _expected(lines)


@pytest.mark.parametrize("at", [5, 1999, 2000, 3500])
def test_a_cell_with_line_breaks_moves_the_lines_after_it(app, at):
    rows = [f"k{i},v{i}" for i in range(4000)]
    rows[at] = 'k,"one\ntwo\r\nthree"'
    with app.test_request_context():
        got = _rows("a,b\r\n" + "\r\n".join(rows) + "\r\n")
    assert len(got) == 4000
    assert got[at] == (at + 2, ["k", "one\ntwo\r\nthree"])
    assert got[at - 1] == (at + 1, [f"k{at - 1}", f"v{at - 1}"])
    # The record took three lines: the next one starts two lines later than it would.
    assert got[at + 1] == (at + 5, [f"k{at + 1}", f"v{at + 1}"])
    assert got[-1] == (4003, ["k3999", "v3999"])


@pytest.mark.parametrize("at", [3, 2500])
def test_an_unclosed_quote_reads_as_before(app, at):
    """The rest of the file is one cell, as the csv module reads it record by record."""
    rows = [f"k{i},v{i}" for i in range(3000)]
    rows[at] = 'k,"never closed'
    text = "a,b\n" + "\n".join(rows) + "\n"
    with app.test_request_context():
        got = _rows(text)
        source = io.StringIO(text, newline="")
        next(source)  # the header
        slowly = list(_csv_records_slowly(source, ",", 2, "t.csv"))
    assert got == slowly
    assert got[at] == (at + 2, ["k", "never closed\n" + "\n".join(rows[at + 1 :]) + "\n"])


@pytest.mark.parametrize("at", [3, 2500])
def test_a_huge_cell_names_its_line_after_the_rows_before(app, at):
    rows = [f"k{i},v{i}" for i in range(3000)]
    rows[at] = "k," + "x" * (4 * 1024 * 1024 + 1)
    seen: list[int] = []
    with app.test_request_context():
        table = read_table(("a,b\n" + "\n".join(rows) + "\n").encode(), "t.csv", COLUMNS, ())
        with pytest.raises(TableError) as caught:
            for line, _values in table.rows:
                seen.append(line)
    assert caught.value.line == at + 2
    assert seen == list(range(2, at + 2))
