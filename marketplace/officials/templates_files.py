"""Downloadable template files for each import: the header and one example row."""

from __future__ import annotations

import io

from marketplace.errors import NotFound
from marketplace.imports.tables import write_csv, write_xlsx
from marketplace.products.fields import PRODUCT_COLUMNS
from marketplace.share.fields import SUPPLY_COLUMNS
from marketplace.suppliers.fields import SUPPLIER_COLUMNS

EXAMPLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "suppliers": (
        SUPPLIER_COLUMNS,
        {
            "tax_code": "0112345676",
            "name": "Công ty TNHH Thiết bị Môi trường Xanh",
            "name_en": "Green Environmental Equipment Co., Ltd.",
            "province": "Hà Nội",
            "commune": "Phường Cầu Giấy",
            "address": "12 Trần Thái Tông",
            "website": "https://example.vn",
            "email": "info@example.vn",
            "phone": "024 3778 4117",
            "ownership": "domestic",
            "founded_year": "2008",
            "employees": "120",
            "description": "Sản xuất máy ép bùn và thiết bị xử lý nước thải",
            "description_en": "Makes sludge presses and wastewater treatment equipment",
            "certifications": "ISO 9001;ISO 14001",
        },
    ),
    "products": (
        PRODUCT_COLUMNS,
        {
            "supplier_tax_code": "0112345676",
            "sku": "MEB-1000",
            "name": "Máy ép bùn băng tải 1000 mm",
            "name_en": "Belt filter press 1000 mm",
            "category": "WW-SLU",
            "description": "Khung inox 304, vận hành tự động",
            "description_en": "Stainless steel 304 frame, automatic operation",
            "origin": "VN",
            "local_content_pct": "75",
            "hs_code": "84212100",
            "price_vnd": "450000000",
            "specs": "khổ băng: 1000 mm; công suất: 5 m3/h",
        },
    ),
    "supply_records": (
        SUPPLY_COLUMNS,
        {
            "record_id": "HN-2026-0001",
            "year": "2026",
            "category": "WW-SLU",
            "value_vnd": "1.250.000.000",
            "origin": "VN",
            "local_content_pct": "65",
            "supplier_tax_code": "0112345676",
            "sku": "MEB-1000",
            "buyer": "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng Hà Nội",
            "source": "procurement",
        },
    ),
}


def template_file(
    name: str, ext: str, overrides: dict[str, str] | None = None
) -> tuple[bytes, str]:
    """(content, mimetype) of the template `name` (suppliers, products,
    supply_records) as csv or xlsx; `overrides` change the example row (a
    supplier's template carries its own tax code)."""
    if name not in EXAMPLES or ext not in ("csv", "xlsx"):
        raise NotFound()
    columns, example = EXAMPLES[name]
    example = {**example, **(overrides or {})}
    row = [[example.get(c, "") for c in columns]]
    if ext == "xlsx":
        buf = io.BytesIO()
        write_xlsx(buf, columns, row)
        return buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = io.StringIO()
    write_csv(text, columns, row)
    return ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
