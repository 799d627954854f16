"""Reading and writing the import formats: CSV (UTF-8 with or without BOM, comma or
semicolon) and XLSX, with a header row. Rows stream out as {column: text} with
their line numbers; text is Unicode NFC. Written files are safe to open: a cell
that a spreadsheet would take for a formula stays text."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from marketplace.imports import layouts
from marketplace.imports.quoting import shown

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile("'[=+\\-@\t\r]")


class TableError(ValueError):
    """The file cannot be read on (encoding, format, header, broken quoting):
    `message` says why, `line` where (0: the file as a whole)."""

    def __init__(self, file: str, message: str, line: int = 0) -> None:
        super().__init__(f"{file} line {line}: {message}" if line else f"{file}: {message}")
        self.file, self.message, self.line = file, message, line


# A cell may be long (descriptions); the csv module's default limit is 128 KiB.
csv.field_size_limit(4 * 1024 * 1024)


@dataclass
class Table:
    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, values in header order), lazily
    # (line, message) of rows that cannot be read as values (more values than
    # columns): skipped, reported with the rest when the rows have been read.
    problems: list[tuple[int, str]] = field(default_factory=list)
    # Lines holding the template's example row: left out, reported as warnings.
    examples: list[int] = field(default_factory=list)

    def dicts(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows as {column: text}."""
        for line, values in self.rows:
            yield line, dict(zip(self.header, values, strict=True))


def is_xlsx(name: str, data: bytes) -> bool:
    return name.lower().endswith(".xlsx") or data[:2] == b"PK"


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TableError(
            name,
            _(
                "not UTF-8 text (byte 0x%(byte)02X); save the file as “CSV UTF-8”",
                byte=data[exc.start],
            ),
            line,
        ) from None
    return unicodedata.normalize("NFC", text)


def _delimiter(text: str) -> str:
    """Excel under Vietnamese regional settings writes `;`: the header tells."""
    end = text.find("\n")  # not split(): that would copy the rest of the file
    first = text if end < 0 else text[:end]
    return ";" if first.count(";") > first.count(",") else ","


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    if _ESCAPED.search(text):  # our own export's escaping
        for line, values in _csv_records(text, name):
            yield line, [_unescape(v) for v in values]
    else:
        yield from _csv_records(text, name)


_CHUNK_RECORDS = 2000


def _csv_records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Records with the line each starts on. Read a chunk at a time: when the chunk's
    records took exactly as many lines as there are records (no cell holds a line
    break), their lines follow one another; otherwise, or when the chunk cannot be
    read, the rest is read again from the chunk's start a record at a time."""
    source = io.StringIO(text, newline="")
    delimiter = _delimiter(text)
    reader = csv.reader(source, delimiter=delimiter)
    start = 1
    while True:
        pos = source.tell()
        try:
            chunk = list(islice(reader, _CHUNK_RECORDS))
        except csv.Error:
            chunk = []
        else:
            if not chunk:
                return
            if reader.line_num - start + 1 == len(chunk):
                yield from zip(range(start, reader.line_num + 1), chunk, strict=True)
                start = reader.line_num + 1
                continue
        source.seek(pos)
        yield from _csv_records_slowly(source, delimiter, start, name)
        return


def _csv_records_slowly(
    source: io.StringIO, delimiter: str, first: int, name: str
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(source, delimiter=delimiter)
    start = first
    try:
        for record in reader:
            yield start, record
            start = first + reader.line_num
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = _("a cell is longer than 4 MB")
        else:  # the csv module's own wording is English: say what to look at instead
            message = _("the quotes on this line do not pair up (%(err)s)", err=str(exc))
        raise TableError(name, message, start) from None


def _is_percent_format(number_format: str) -> bool:
    """A percent sign that formats (`0%`, `0.0%`), not one shown as text (`0.0"%"`,
    `0.0\\%`), which leaves the stored number as it is."""
    plain = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in plain


def cell_text(value: object, number_format: str = "General") -> str:
    """An XLSX cell as the text a person sees: whole floats without `.0`, a cell
    formatted as a percentage (50% is stored as 0.5) as its percentage, exact
    decimals (the shortest repr of the float, never binary noise)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if _is_percent_format(number_format):
            number *= 100
        if number == number.to_integral():
            return str(int(number))
        return format(number.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _unescape(unicodedata.normalize("NFC", str(value)).strip())


def _xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # A formula's value is the result a spreadsheet program stored with it; a file
        # written by a script holds none, and the cell would read as empty (clearing
        # the stored value). Such files are read twice to name that cell.
        formulas = load_workbook(io.BytesIO(data), read_only=True) if _has_formulas(data) else None
    except Exception:  # openpyxl raises many kinds for a broken file
        raise TableError(name, _("not a readable XLSX workbook")) from None
    try:
        ws = wb.worksheets[0]
        written = formulas.worksheets[0].iter_rows() if formulas is not None else None
        for number, cells in enumerate(ws.iter_rows(), start=1):
            if written is not None:
                _check_calculated(name, number, cells, next(written, ()))
            yield (
                number,
                [cell_text(c.value, getattr(c, "number_format", "General")) for c in cells],
            )
    finally:
        wb.close()
        if formulas is not None:
            formulas.close()


_FORMULA = re.compile(rb"<f[ >/]")  # a cell's <f> element in a worksheet's XML


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(_FORMULA.search(z.read(n)) for n in sheets)


def _check_calculated(name: str, line: int, cells: Sequence[Any], written: Sequence[Any]) -> None:
    """TableError naming the first cell of the row holding a formula with no result."""
    from openpyxl.utils import get_column_letter

    for i, (cell, formula) in enumerate(zip(cells, written, strict=False)):
        if cell.value is None and str(getattr(formula, "value", "") or "").startswith("="):
            raise TableError(
                name,
                _(
                    "cell %(cell)s holds a formula that was never calculated: open and save "
                    "the file in a spreadsheet program, or type the value",
                    cell=f"{get_column_letter(i + 1)}{line}",
                ),
                line,
            )


def _check_header(
    name: str, header: list[str], allowed: Sequence[str], required: Sequence[str]
) -> None:
    unknown = [h for h in header if h not in allowed]
    if unknown and (other := layouts.recognise(header, allowed)):
        raise TableError(
            name,
            _(
                "this is %(kind)s (its columns are those of that template): "
                "give it in the “%(field)s” field",
                kind=other.label(),
                field=other.field(),
            ),
            1,
        )
    if unknown:
        nameless = _("(a column without a name)")  # a call of its own: extracted
        raise TableError(
            name,
            _(
                "unknown column(s) %(cols)s; allowed columns are %(allowed)s",
                cols=", ".join(shown(c, 40) if c else nameless for c in unknown),
                allowed=", ".join(allowed),
            ),
            1,
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise TableError(name, _("missing required column(s) %(cols)s", cols=", ".join(missing)), 1)
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise TableError(
            name, _("column(s) %(cols)s appear twice", cols=", ".join(sorted(dupes))), 1
        )


def read_table(data: bytes, name: str, allowed: Sequence[str], required: Sequence[str]) -> Table:
    """Open a file and check its header (unknown, missing and repeated columns are
    errors); the rows are read as they are consumed."""
    if is_xlsx(name, data):
        raw, controls = _xlsx_rows(data, name), True
    else:
        text = _decode(data, name)
        # One scan of the whole text (in C) spares the rows of most files a test each.
        raw, controls = _csv_rows(text, name), _CONTROL.search(text) is not None
    header: list[str] | None = None
    for _line, values in raw:
        header = [v.strip().lower() for v in values]
        while header and not header[-1]:
            header.pop()
        break
    if header is None:
        raise TableError(name, _("the file is empty: it needs a header row"))
    _check_header(name, header, allowed, required)
    table = Table(name=name, header=header, rows=iter(()))
    example = layouts.example_test(header, allowed)
    table.rows = _padded_rows(header, raw, table.problems, example, table.examples, controls)
    return table


def _padded_rows(
    header: list[str],
    raw: Iterator[tuple[int, list[str]]],
    problems: list[tuple[int, str]],
    example: Callable[[list[str]], bool],
    examples: list[int],
    controls: bool = True,
) -> Iterator[tuple[int, list[str]]]:
    """The rows at the header's width; rows that cannot be stored as read (more values
    than columns, control characters) are reported in `problems` and left out, and
    so is the template's example row (in `examples`). `controls`: whether any cell
    may hold a control character (False when a scan of the whole file found none)."""
    width = len(header)
    for line, values in raw:
        # One search of the joined row (tabs are allowed) before looking cell by cell.
        joined = controls and _CONTROL.search("\t".join(values))
        if joined and (bad := _control_problem(header, values)):
            problems.append((line, bad))
            continue
        if len(values) < width:
            values = values + [""] * (width - len(values))
        elif len(values) > width and any(v.strip() for v in values[width:]):
            problems.append(
                (
                    line,
                    _(
                        "%(n)d values for %(width)d columns (a separator too many, "
                        "or a cell that needs quotes)",
                        n=len([v for v in values if v.strip()]),
                        width=width,
                    ),
                )
            )
            continue
        # A row whose first cell holds text is not blank: only the others are joined.
        if not (values and values[0].strip()) and not "".join(values).strip():
            continue  # blank line
        values = values if len(values) == width else values[:width]
        if example(values):
            examples.append(line)
            continue
        yield line, values


# C0 control characters but tab, line feed and carriage return, and DEL: invisible,
# meaningless in a name or a description, and NUL cannot be stored by PostgreSQL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_problem(header: list[str], values: list[str]) -> str | None:
    """What is wrong with a row holding a control character, naming its column."""
    for i, value in enumerate(values):
        if found := _CONTROL.search(value):
            column = header[i] if i < len(header) else str(i + 1)
            return _(
                "column %(column)s holds an invisible control character (U+%(code)04X), "
                "which cannot be stored: delete it from the cell",
                column=column,
                code=ord(found.group()),
            )
    return None


def _unescape(value: str) -> str:
    """Undo `safe_cell`: our own exports read back as they were written."""
    if value[:1] == "'" and value[1:2] in FORMULA_START and value[1:2]:
        return value[1:]
    return value


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`)
    is prefixed with an apostrophe, which shows as text and is not exported."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX by extension."""
    if path.suffix.lower() == ".xlsx":
        with open(path, "wb") as f:
            return write_xlsx(f, columns, rows)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        return write_csv(f, columns, rows)


def write_csv(f: io.TextIOBase, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    writer = csv.writer(f)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        count += 1
    return count


# Columns of codes: a spreadsheet would read a code typed into a new row as a number
# (0112345676 becomes 112345676, an HS code loses its leading zero), so their
# columns are formatted as text, for the rows a user adds as much as for those written.
TEXT_COLUMNS = frozenset({"tax_code", "supplier_tax_code", "sku", "hs_code", "phone", "record_id"})


def write_xlsx(
    f: io.BufferedIOBase, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    texts = {i for i, c in enumerate(columns) if c in TEXT_COLUMNS}
    for i in texts:
        ws.column_dimensions[get_column_letter(i + 1)].number_format = "@"
    ws.append(list(columns))
    count = 0
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            if isinstance(v, int | float | Decimal) and not isinstance(v, bool) and i not in texts:
                # Numbers stay numbers, so a spreadsheet can sum and sort them; a
                # decimal shows as many places as it has (61.0 stays 61.0).
                cell = WriteOnlyCell(ws, value=v)
                exponent = v.as_tuple().exponent if isinstance(v, Decimal) else 0
                if isinstance(exponent, int) and exponent < 0:
                    cell.number_format = "0." + "0" * -exponent
                cells.append(cell)
                continue
            # Everything else is a text cell: tax and HS codes keep their leading
            # zeros, and text starting with `=` is never a live formula.
            cell = WriteOnlyCell(ws, value="" if v is None else str(v))
            cell.data_type = "s"
            if i in texts:
                cell.number_format = "@"
            cells.append(cell)
        ws.append(cells)
        count += 1
    wb.save(f)
    return count
