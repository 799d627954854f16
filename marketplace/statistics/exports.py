"""A statistics table as CSV (UTF-8 with a BOM, which Excel opens correctly) or
XLSX, headers in the reader's language, through the import toolkit's formula-safe
writers."""

from __future__ import annotations

import io

from marketplace.imports.tables import write_csv, write_xlsx
from marketplace.statistics.queries import StatTable


def table_bytes(table: StatTable, ext: str) -> bytes:
    if ext == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, table.columns, table.rows)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    write_csv(text, table.columns, table.rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
