"""Reading and writing the import formats: CSV (UTF-8, with or without BOM) and XLSX
with a header row. Both give rows as {column: text} with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _


class TableError(ValueError):
    """The file as a whole cannot be read (encoding, format, header)."""


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, row)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            _(
                "%(file)s is not UTF-8 text (byte %(pos)d); save it as CSV UTF-8",
                file=name,
                pos=exc.start,
            )
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(
            _("%(file)s line %(line)d: %(err)s", file=name, line=start, err=str(exc))
        ) from None


def _xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(
            _("%(file)s is not a readable XLSX workbook: %(err)s", file=name, err=str(exc))
        ) from None
    try:
        ws = wb.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        wb.close()


def read_table(data: bytes, name: str, allowed: Sequence[str], required: Sequence[str]) -> Table:
    """Parse a file; check the header (unknown and missing columns are errors)."""
    is_xlsx = name.lower().endswith(".xlsx") or data[:2] == b"PK"
    raw = _xlsx_rows(data, name) if is_xlsx else _csv_rows(data, name)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, values in raw:
        if header is None:
            header = [v.strip().lower() for v in values]
            while header and not header[-1]:
                header.pop()
            unknown = [h for h in header if h not in allowed]
            if unknown:
                raise TableError(
                    _(
                        "%(file)s: unknown column(s) %(cols)s; allowed columns are %(allowed)s",
                        file=name,
                        cols=", ".join(unknown) or "''",
                        allowed=", ".join(allowed),
                    )
                )
            missing = [c for c in required if c not in header]
            if missing:
                raise TableError(
                    _(
                        "%(file)s: missing required column(s) %(cols)s",
                        file=name,
                        cols=", ".join(missing),
                    )
                )
            dupes = {h for h in header if header.count(h) > 1}
            if dupes:
                raise TableError(
                    _(
                        "%(file)s: column(s) %(cols)s appear twice",
                        file=name,
                        cols=", ".join(sorted(dupes)),
                    )
                )
            continue
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            raise TableError(
                _("%(file)s line %(line)d: more values than columns", file=name, line=line)
            )
        rows.append(
            (line, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)})
        )
    if header is None:
        raise TableError(_("%(file)s is empty: it needs a header row", file=name))
    return Table(name=name, header=header, rows=rows)


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX by file extension."""
    count = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(list(columns))
        for row in rows:
            # Text cells keep leading zeros of tax codes and HS codes.
            ws.append(["" if v is None else str(v) for v in row])
            count += 1
        wb.save(path)
        return count
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count
