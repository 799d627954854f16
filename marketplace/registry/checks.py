"""Reading and checking the registry files row by row: every bad row is reported
with its line and the real cause; good rows become `Incoming` rows keyed for the
upsert (suppliers by tax code, products by supplier tax code + SKU, the SKU
matched without regard to case)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.categories.queries import list_category_codes
from marketplace.imports.report import ImportReport
from marketplace.imports.tables import Table
from marketplace.imports.upsert import Incoming, chunks
from marketplace.products.fields import REQUIRED_PRODUCT_COLUMNS, ProductCleaner
from marketplace.suppliers import validation
from marketplace.suppliers.fields import clean_supplier
from marketplace.suppliers.models import Supplier

Tick = Callable[[int], None]


@dataclass
class SupplierRows:
    rows: dict[str, Incoming]  # tax code -> row
    failed: dict[str, int]  # tax code of a rejected row -> its line


def check_suppliers(table: Table, report: ImportReport, tick: Tick) -> SupplierRows:
    out = SupplierRows({}, {})
    counts = report.count("supplier")
    first: dict[str, int] = {}  # tax code -> first line, rows with other errors too
    for line, row in table.dicts():
        tick(1)
        cleaned = clean_supplier(row)
        tax = str(cleaned.values.get("tax_code") or "") or validation.tax_code_or_none(
            row.get("tax_code", "")
        )
        if tax and tax in first:
            cleaned.errors["tax_code"] = _(
                "tax code %(code)s already appears on line %(other)d", code=tax, other=first[tax]
            )
        elif tax:
            first[tax] = line
        for col, msg in cleaned.errors.items():
            report.error(table.name, line, col, msg)
        report.warnings.extend(
            _("%(file)s line %(line)d: %(warning)s", file=table.name, line=line, warning=w)
            for w in cleaned.warnings
        )
        if cleaned.errors:
            counts.rejected += 1
            if tax:
                out.failed.setdefault(str(tax), line)
            continue
        out.rows[str(tax)] = Incoming(line, tax, str(tax), cleaned.values)
    report.skipped(table, "supplier")
    return out


def check_products(
    session: Session,
    table: Table,
    suppliers: SupplierRows,
    supplier_file: str,
    report: ImportReport,
    tick: Tick,
    owner: str | None = None,
    offer: Callable[[Incoming], None] | None = None,
) -> dict[tuple[str, str], Incoming]:
    """Products keyed by (tax code, lower-case SKU). With `owner` (a supplier's own
    catalogue) every row must be that supplier's: an empty or absent
    supplier_tax_code means the owner, another tax code is a row error. `offer`
    gets each row that passed its own checks, as it is read (stream.py)."""
    required = [c for c in REQUIRED_PRODUCT_COLUMNS if not (owner and c == "supplier_tax_code")]
    cleaner = ProductCleaner(table.header, list_category_codes(session), required)
    rows: dict[tuple[str, str], Incoming] = {}
    tax_cache: dict[str, str | ValueError] = {}
    pending: list[tuple[str, int, Incoming]] = []  # rows whose supplier must be in the registry
    counts = report.count("product")
    first: dict[tuple[str, str], int] = {}  # key -> first line, rows with other errors too
    for line, values in table.rows:
        tick(1)
        cleaned = cleaner.clean(values)
        raw_tax = str(cleaned.values.pop("supplier_tax_code", "") or "")
        tax = owner if owner and not raw_tax else ""
        if raw_tax:
            if raw_tax not in tax_cache:
                try:
                    tax_cache[raw_tax] = validation.tax_code(raw_tax)
                except ValueError as exc:
                    tax_cache[raw_tax] = exc
            found = tax_cache[raw_tax]
            if isinstance(found, ValueError):
                cleaned.errors["supplier_tax_code"] = str(found)
            elif owner and found != owner:
                cleaned.errors["supplier_tax_code"] = _(
                    "this file may only hold products of %(code)s (your company); "
                    "this row names %(other)s",
                    code=owner,
                    other=found,
                )
            else:
                tax = found
                if tax in suppliers.failed:
                    cleaned.errors["supplier_tax_code"] = _(
                        "supplier %(code)s: its row in %(file)s (line %(line)d) has errors; "
                        "fix that row first",
                        code=tax,
                        file=supplier_file,
                        line=suppliers.failed[tax],
                    )
        sku = str(cleaned.values.get("sku") or "")
        key = (tax, sku.lower())
        if tax and sku and "sku" not in cleaned.errors:
            if key in first:
                cleaned.errors["sku"] = _(
                    "product %(sku)s of %(code)s already appears on line %(other)d",
                    sku=sku,
                    code=tax,
                    other=first[key],
                )
            else:
                first[key] = line
        for col, msg in cleaned.errors.items():
            report.error(table.name, line, col, msg)
        if cleaned.errors:
            counts.rejected += 1
            continue
        incoming = Incoming(line, key, f"{tax} / {sku}", cleaned.values)
        rows[key] = incoming
        if offer is not None:
            offer(incoming)
        if tax not in suppliers.rows:
            pending.append((tax, line, incoming))
    report.skipped(table, "product")
    _check_registered(session, table.name, pending, rows, report)
    return rows


def _check_registered(
    session: Session,
    name: str,
    pending: list[tuple[str, int, Incoming]],
    rows: dict[tuple[str, str], Incoming],
    report: ImportReport,
) -> None:
    """Products whose supplier is not in this import must name a registered one."""
    wanted = {tax for tax, _line, _row in pending}
    known: set[str] = set()
    for part in chunks(sorted(wanted)):
        known.update(session.scalars(select(Supplier.tax_code).where(Supplier.tax_code.in_(part))))
    for tax, line, incoming in pending:
        if tax not in known:
            report.count("product").rejected += 1
            rows.pop(incoming.key, None)
            report.error(
                name,
                line,
                "supplier_tax_code",
                _("supplier %(code)s is neither in the registry nor in this import", code=tax),
            )
