"""The filtered records as a file in the import format (supply_records.csv), so an
export can be corrected in a spreadsheet and imported back: the same columns, the
record's own local content (not the product's or the fallback the figures count
with), codes and whole VND as the import reads them. Rows are read in chunks and
written as they come; cells a spreadsheet would run as formulas stay text."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.categories.models import Category
from marketplace.errors import InvalidInput
from marketplace.imports.tables import safe_cell, write_xlsx
from marketplace.main.templating import format_number
from marketplace.products.models import Product
from marketplace.share.fields import SUPPLY_COLUMNS
from marketplace.share.models import SupplyRecord
from marketplace.share.queries import SORTS, RecordFilters, apply_filters
from marketplace.share.record_pages import count_records
from marketplace.suppliers.models import Supplier

CHUNK = 2000
# An XLSX sheet holds 1,048,576 rows, one of them the header.
XLSX_MAX_ROWS = 1_048_575


def _select(f: RecordFilters, sort: str) -> Any:
    stmt = (
        select(
            SupplyRecord.record_id,
            SupplyRecord.year,
            SupplyRecord.category_code,
            SupplyRecord.value_vnd,
            SupplyRecord.origin,
            SupplyRecord.local_content_pct,
            Supplier.tax_code,
            Product.sku,
            SupplyRecord.buyer,
            SupplyRecord.source,
        )
        .select_from(SupplyRecord)
        .join(Category, Category.code == SupplyRecord.category_code)
        .outerjoin(Supplier, Supplier.id == SupplyRecord.supplier_id)
        .outerjoin(Product, Product.id == SupplyRecord.product_id)
    )
    return apply_filters(stmt, f).order_by(SORTS.get(sort, SORTS["value"]), SupplyRecord.id)


def _text(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 7.50 -> 7.5, 70.00 -> 70
    if hasattr(value, "value"):  # SupplySource
        return value.value  # type: ignore[attr-defined]
    return value


def iter_rows(session: Session, f: RecordFilters, sort: str) -> Iterator[tuple[object, ...]]:
    """The filtered records in SUPPLY_COLUMNS order, fetched CHUNK rows at a time
    (a server-side cursor on PostgreSQL), never all at once."""
    result = session.execute(_select(f, sort).execution_options(yield_per=CHUNK))
    for row in result:
        yield tuple(_text(v) for v in row)


def csv_chunks(rows: Iterator[Sequence[object]]) -> Iterator[str]:
    """CSV text (UTF-8 BOM first, which Excel needs to read Vietnamese) a chunk of
    rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(SUPPLY_COLUMNS)
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        if n % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_chunks(rows: Iterator[Sequence[object]], size: int = 64 * 1024) -> Iterator[bytes]:
    """An XLSX workbook. openpyxl's write-only mode keeps the rows on disk while it
    writes; the finished file is spooled (on disk once large) and sent in pieces."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as f:
        write_xlsx(f, SUPPLY_COLUMNS, rows)  # type: ignore[arg-type]
        f.seek(0)
        while chunk := f.read(size):
            yield chunk


def export(
    session: Session, f: RecordFilters, sort: str, ext: str
) -> Iterator[str] | Iterator[bytes]:
    """The filtered records as CSV or XLSX, in chunks. InvalidInput, before anything
    is sent, for an XLSX of more records than a sheet holds."""
    rows = iter_rows(session, f, sort)
    if ext == "csv":
        return csv_chunks(rows)
    count, _total = count_records(session, f)
    if count > XLSX_MAX_ROWS:
        raise InvalidInput(
            _(
                "%(n)s records are more than an XLSX sheet holds: export them as CSV, "
                "or narrow the filters.",
                n=format_number(count),
            )
        )
    return xlsx_chunks(rows)


def file_name(f: RecordFilters, ext: str) -> str:
    parts = ["supply-records"]
    parts += [str(v) for v in (f.year, f.subcategory or f.category) if v]
    return "-".join(parts) + "." + ext
