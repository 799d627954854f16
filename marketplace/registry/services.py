"""Bulk import and export of the registry (suppliers.csv / products.csv of interfaces.md).

One code path for the CLI and the officials' upload page. An import is all or
nothing: every row is checked first and every bad row reported with its line;
only a clean file set is written, in one transaction. Rows are matched by key
(tax_code; supplier_tax_code + sku), so re-importing a file updates instead of
duplicating."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from marketplace.categories.queries import list_category_codes
from marketplace.errors import DomainError
from marketplace.products.fields import PRODUCT_COLUMNS, REQUIRED_PRODUCT_COLUMNS, clean_product
from marketplace.products.models import Product
from marketplace.products.services import apply_product_values
from marketplace.registry.tables import Table, TableError, read_table, write_table
from marketplace.suppliers import validation
from marketplace.suppliers.fields import (
    REQUIRED_SUPPLIER_COLUMNS,
    SUPPLIER_COLUMNS,
    clean_supplier,
)
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.suppliers.services import apply_supplier_values

Progress = Callable[[int], None]


@dataclass
class RowError:
    file: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}" if self.line else self.file
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ImportReport:
    suppliers_created: int = 0
    suppliers_updated: int = 0
    products_created: int = 0
    products_updated: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class ImportFailed(DomainError):
    status = 422

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            _(
                "The import was rejected: %(n)d problem(s); nothing was stored.",
                n=len(report.errors),
            )
        )
        self.report = report


@dataclass
class _Checked:
    line: int
    values: dict[str, object]


def _load(name: str, data: bytes, allowed, required, report: ImportReport) -> Table | None:  # type: ignore[no-untyped-def]
    try:
        return read_table(data, name, allowed, required)
    except TableError as exc:
        report.errors.append(RowError(name, 0, None, str(exc)))
        return None


def check_suppliers(table: Table, report: ImportReport) -> dict[str, _Checked]:
    seen: dict[str, _Checked] = {}
    for line, row in table.rows:
        cleaned = clean_supplier(row)
        for col, msg in cleaned.errors.items():
            report.errors.append(RowError(table.name, line, col, msg))
        report.warnings.extend(f"{table.name} line {line}: {w}" for w in cleaned.warnings)
        if cleaned.errors:
            continue
        key = str(cleaned.values["tax_code"])
        if key in seen:
            report.errors.append(
                RowError(
                    table.name,
                    line,
                    "tax_code",
                    _(
                        "tax code %(code)s already appears on line %(other)d",
                        code=key,
                        other=seen[key].line,
                    ),
                )
            )
            continue
        seen[key] = _Checked(line, cleaned.values)
    return seen


def check_products(
    session: Session, table: Table, known_suppliers: set[str], report: ImportReport
) -> dict[tuple[str, str], _Checked]:
    codes = list_category_codes(session)
    seen: dict[tuple[str, str], _Checked] = {}
    for line, row in table.rows:
        cleaned = clean_product(row, codes)
        tax = str(cleaned.values.get("supplier_tax_code") or "")
        if tax and "supplier_tax_code" not in cleaned.errors:
            try:
                tax = validation.tax_code(tax)
            except ValueError as exc:
                cleaned.errors["supplier_tax_code"] = str(exc)
            else:
                if tax not in known_suppliers:
                    cleaned.errors["supplier_tax_code"] = _(
                        "supplier %(code)s is neither in the registry nor in this import", code=tax
                    )
        for col, msg in cleaned.errors.items():
            report.errors.append(RowError(table.name, line, col, msg))
        if cleaned.errors:
            continue
        key = (tax, str(cleaned.values["sku"]))
        if key in seen:
            report.errors.append(
                RowError(
                    table.name,
                    line,
                    "sku",
                    _(
                        "product %(sku)s of %(code)s already appears on line %(other)d",
                        sku=key[1],
                        code=tax,
                        other=seen[key].line,
                    ),
                )
            )
            continue
        seen[key] = _Checked(line, cleaned.values)
    return seen


def import_registry(
    session: Session,
    suppliers: tuple[str, bytes] | None,
    products: tuple[str, bytes] | None = None,
    actor: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """Check and store a suppliers file and/or a products file (name, bytes).

    Raises ImportFailed with the full report when any row is bad; nothing is stored then."""
    report = ImportReport()
    sup_table = (
        _load(*suppliers, SUPPLIER_COLUMNS, REQUIRED_SUPPLIER_COLUMNS, report)
        if suppliers
        else None
    )
    prod_table = (
        _load(*products, PRODUCT_COLUMNS, REQUIRED_PRODUCT_COLUMNS, report) if products else None
    )
    sup_rows = check_suppliers(sup_table, report) if sup_table else {}
    prod_rows: dict[tuple[str, str], _Checked] = {}
    if prod_table:
        wanted = {validation_safe(row.get("supplier_tax_code", "")) for _l, row in prod_table.rows}
        in_db = set(
            session.scalars(
                select(Supplier.tax_code).where(Supplier.tax_code.in_([w for w in wanted if w]))
            )
        )
        prod_rows = check_products(session, prod_table, in_db | set(sup_rows), report)
    if report.errors:
        raise ImportFailed(report)

    try:
        by_tax = _store_suppliers(session, sup_rows, actor, report, progress)
        _store_products(session, prod_rows, by_tax, report, progress)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def validation_safe(raw: str) -> str:
    try:
        return validation.tax_code(raw)
    except ValueError:
        return ""


def _store_suppliers(
    session: Session,
    rows: dict[str, _Checked],
    actor: str,
    report: ImportReport,
    progress: Progress | None,
) -> dict[str, Supplier]:
    existing = (
        {
            s.tax_code: s
            for s in session.scalars(select(Supplier).where(Supplier.tax_code.in_(list(rows))))
        }
        if rows
        else {}
    )
    for tax, checked in rows.items():
        supplier = existing.get(tax)
        if supplier is None:
            supplier = Supplier(state=VerificationState.PENDING)
            supplier.events.append(
                VerificationEvent(to_state="pending", actor=actor, note="imported")
            )
            session.add(supplier)
            existing[tax] = supplier
            report.suppliers_created += 1
        else:
            report.suppliers_updated += 1
        apply_supplier_values(supplier, checked.values)
        if progress:
            progress(1)
    session.flush()
    return existing


def _store_products(
    session: Session,
    rows: dict[tuple[str, str], _Checked],
    by_tax: dict[str, Supplier],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    if not rows:
        return
    taxes = {tax for tax, _sku in rows}
    missing = taxes - set(by_tax)
    if missing:
        by_tax.update(
            {
                s.tax_code: s
                for s in session.scalars(
                    select(Supplier).where(Supplier.tax_code.in_(list(missing)))
                )
            }
        )
    supplier_ids = [by_tax[t].id for t in taxes]
    existing = {
        (p.supplier_id, p.sku): p
        for p in session.scalars(
            select(Product)
            .where(Product.supplier_id.in_(supplier_ids))
            .options(selectinload(Product.specs))
        )
    }
    for (tax, sku), checked in rows.items():
        supplier = by_tax[tax]
        product = existing.get((supplier.id, sku))
        if product is None:
            product = Product(supplier=supplier, active=True, specs=[])
            session.add(product)
            report.products_created += 1
        else:
            report.products_updated += 1
        apply_product_values(product, checked.values)
        if progress:
            progress(1)


def count_rows(data: bytes, name: str) -> int:
    """Rough row count for a progress bar (before parsing)."""
    if name.lower().endswith(".xlsx"):
        return 0
    return max(0, data.count(b"\n") - 1)


def export_registry(
    session: Session, suppliers_path: Path, products_path: Path | None = None
) -> tuple[int, int]:
    """Write every supplier (and product) in the import formats; returns row counts."""
    suppliers = list(session.scalars(select(Supplier).order_by(Supplier.tax_code)))
    n_sup = write_table(
        suppliers_path,
        SUPPLIER_COLUMNS,
        ([_export_value(getattr(s, c)) for c in SUPPLIER_COLUMNS] for s in suppliers),
    )
    n_prod = 0
    if products_path is not None:
        products = session.scalars(
            select(Product)
            .join(Supplier)
            .order_by(Supplier.tax_code, Product.sku)
            .options(selectinload(Product.specs), contains_eager(Product.supplier))
        )
        n_prod = write_table(
            products_path,
            PRODUCT_COLUMNS,
            (
                [
                    p.supplier.tax_code,
                    p.sku,
                    p.name,
                    p.name_en,
                    p.category_code,
                    p.description,
                    p.description_en,
                    p.origin,
                    p.local_content_pct,
                    p.hs_code,
                    p.price_vnd,
                    p.specs_text,
                ]
                for p in products
            ),
        )
    return n_sup, n_prod


def _export_value(value: object) -> object:
    return getattr(value, "value", value)
