"""Downloadable template files for each import: the header and one example row."""

from __future__ import annotations

import io

from marketplace.errors import NotFound
from marketplace.imports.layouts import Layout
from marketplace.imports.tables import write_csv, write_xlsx
from marketplace.products.fields import PRODUCT_LAYOUT
from marketplace.share.fields import SUPPLY_LAYOUT
from marketplace.suppliers.fields import SUPPLIER_LAYOUT

LAYOUTS: dict[str, Layout] = {
    "suppliers": SUPPLIER_LAYOUT,
    "products": PRODUCT_LAYOUT,
    "supply_records": SUPPLY_LAYOUT,
}


def template_file(
    name: str, ext: str, overrides: dict[str, str] | None = None
) -> tuple[bytes, str]:
    """(content, mimetype) of the template `name` (suppliers, products,
    supply_records) as csv or xlsx; `overrides` change the example row (a
    supplier's template carries its own tax code)."""
    layout = LAYOUTS.get(name)
    if layout is None or ext not in ("csv", "xlsx"):
        raise NotFound()
    columns = layout.columns
    example = {**layout.example, **(overrides or {})}
    row = [[example.get(c, "") for c in columns]]
    if ext == "xlsx":
        buf = io.BytesIO()
        write_xlsx(buf, columns, row)
        return buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = io.StringIO()
    write_csv(text, columns, row)
    return ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
