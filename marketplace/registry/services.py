"""Bulk import and export of the registry (suppliers.csv / products.csv of interfaces.md).

One code path for the CLI and the officials' upload page. An import is all or
nothing: every row is checked first and every bad row reported with its line;
only a clean file set is written, set-wise, in one transaction, with its import
batch and the search outbox rows. Rows are matched by key (tax_code; supplier
tax code + SKU without regard to case), so re-importing a file updates instead
of duplicating, and writes only the rows that changed."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.imports.bulk import serialize_writers
from marketplace.imports.flow import collector_paused, finish, stop_on_errors
from marketplace.imports.progress import NoProgress, Progress
from marketplace.imports.report import ImportReport
from marketplace.imports.tables import Table, TableError, write_csv, write_table, write_xlsx
from marketplace.imports.upsert import (
    EntityPlan,
    load_existing,
    plan_entity,
)
from marketplace.products.fields import PRODUCT_COLUMNS, REQUIRED_PRODUCT_COLUMNS
from marketplace.products.models import Product
from marketplace.registry import adapters, supplier_export
from marketplace.registry.adapters import PRODUCT_FIELDS, PRODUCTS, SUPPLIER_FIELDS, SUPPLIERS
from marketplace.registry.checks import SupplierRows, check_products, check_suppliers
from marketplace.registry.stream import Known, ProductStream, worth_streaming
from marketplace.registry.writes import Early, supplier_ids, write_import, write_suppliers
from marketplace.suppliers.fields import REQUIRED_SUPPLIER_COLUMNS, SUPPLIER_COLUMNS
from marketplace.suppliers.models import Supplier, VerificationState

File = tuple[str, bytes]  # (file name, content)


@collector_paused
def import_registry(
    session: Session,
    suppliers: File | None,
    products: File | None = None,
    actor: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    expect: str | None = None,
    owner: Supplier | None = None,
) -> ImportReport:
    """Check a suppliers file and/or a products file and store what changed.

    Raises ImportFailed with the full report when any row is bad; nothing is stored
    then. With `dry_run`, nothing is stored either: the report says what would change.
    `expect` is the digest of the preview the user confirmed: PreviewOutdated (with
    the new preview) when the changes would now differ. With `owner` (a supplier's
    own catalogue) only that supplier's products can change: its supplier_tax_code
    column may be left out, another supplier's row is an error, and a suppliers file
    is refused (InvalidInput)."""
    if owner is not None and suppliers is not None:
        raise InvalidInput(_("A catalogue import holds products only, not suppliers."))
    progress = progress or NoProgress()
    report = ImportReport(dry_run=dry_run)
    progress.stage(_("Validating"))
    sup_table = (
        report.open(suppliers, SUPPLIER_COLUMNS, REQUIRED_SUPPLIER_COLUMNS) if suppliers else None
    )
    required = [c for c in REQUIRED_PRODUCT_COLUMNS if not (owner and c == "supplier_tax_code")]
    prod_table = report.open(products, PRODUCT_COLUMNS, required) if products else None
    early: Early | None = None
    stream: ProductStream | None = None
    undo: _ReportMark | None = None
    sup_plan: EntityPlan | None = None
    try:
        sup_rows = (
            check_suppliers(sup_table, report, progress.advance)
            if sup_table
            else SupplierRows({}, {})
        )
        if (
            products
            and prod_table
            and not (dry_run or report.errors)
            and worth_streaming(session, products[1])
        ):
            serialize_writers(session)  # the stored rows read next stay as read
            undo = _ReportMark(report)
            sup_plan = _plan_suppliers(session, sup_table, sup_rows, report)
            now = utcnow()
            early = Early(now, write_suppliers(session, sup_plan, actor, now), {})
            stream = ProductStream(session, Known.read(session), now)
        prod_rows = (
            check_products(
                session,
                prod_table,
                sup_rows,
                suppliers[0] if suppliers else "",
                report,
                progress.advance,
                owner.tax_code if owner else None,
                stream.offer if stream else None,
            )
            if prod_table
            else {}
        )
    except TableError as exc:  # the reader cannot go on (broken quoting, a huge cell)
        report.error(exc.file, exc.line, None, exc.message)
    except BaseException:
        if stream is not None:
            stream.stop()
        session.rollback()
        raise
    if stream is not None and early is not None:
        if report.errors:  # all of it is rolled back: the report is as if never written
            stream.stop()
            if undo is not None:
                undo.restore()
        else:
            try:
                early.new_products = stream.close()
            except BaseException:
                session.rollback()
                raise
    stop_on_errors(session, report)

    if sup_plan is None:  # not planned early
        if not dry_run:
            serialize_writers(session)  # the stored rows read next stay as read
        sup_plan = _plan_suppliers(session, sup_table, sup_rows, report)
    matched = {tax for tax, _sku in prod_rows}
    if stream is not None:  # only suppliers with stored products can have matches
        matched = {tax for tax, sku in prod_rows if (tax, sku) in stream.known.products}
    existing = _existing_products(
        session,
        supplier_ids(session, matched),
        prod_table is not None and "specs" in prod_table.header,
    )
    for key in early.new_products if early else ():  # stored now, new to the plan
        existing.pop(key, None)
    prod_plan = (
        plan_entity("product", PRODUCTS, prod_rows.values(), existing, report, keep=("sku",))
        if prod_table
        else EntityPlan("product", PRODUCTS)
    )
    plan = sup_plan
    return finish(
        session,
        report,
        progress,
        lambda: write_import(
            session,
            plan,
            prod_plan,
            actor,
            [f for f in (suppliers, products) if f],
            report,
            owner.id if owner else None,
            early,
        ),
        dry_run,
        expect,
    )


def _plan_suppliers(
    session: Session, table: Table | None, rows: SupplierRows, report: ImportReport
) -> EntityPlan:
    if table is None:
        return EntityPlan("supplier", SUPPLIERS)
    existing = load_existing(
        session, SUPPLIERS, SUPPLIER_FIELDS, "tax_code", rows.rows, lambda d: d["tax_code"]
    )
    return plan_entity("supplier", SUPPLIERS, rows.rows.values(), existing, report)


class _ReportMark:
    """The report as it was, for an import that planned and wrote its suppliers
    early and then found bad rows: its report is the one a classic run gives."""

    def __init__(self, report: ImportReport) -> None:
        self.report, self.changes = report, len(report.changes)
        self.counts = dataclasses.replace(report.count("supplier"))

    def restore(self) -> None:
        del self.report.changes[self.changes :]
        self.report.counts["supplier"] = self.counts


def import_catalogue(
    session: Session, products: File | None, owner: Supplier, **options: Any
) -> ImportReport:
    """A supplier's own products file: import_registry scoped to `owner` (the upload
    page's "catalogue" kind, whose only file is the products file)."""
    return import_registry(session, None, products, owner=owner, **options)


def _existing_products(
    session: Session, supplier_ids: dict[str, int], with_specs: bool
) -> dict[Any, dict[str, Any]]:
    tax_of = {sid: tax for tax, sid in supplier_ids.items()}
    columns = ["supplier_id", *(adapters.product_column(a) for a in PRODUCT_FIELDS if a != "specs")]
    found = load_existing(
        session,
        PRODUCTS,
        columns,
        "supplier_id",
        tax_of,
        lambda d: (tax_of[d["supplier_id"]], d["sku"].lower()),
    )
    for data in found.values():
        data["local_content_pct"] = data.pop("local_content_bp")
        data["specs"] = None
    if with_specs:
        by_id = {d["id"]: d for d in found.values()}
        for pid, text in adapters.specs_text(session, list(by_id)).items():
            by_id[pid]["specs"] = text
    return found


def export_registry(
    session: Session,
    suppliers_path: Path,
    products_path: Path | None = None,
    with_state: bool = False,
    states: Sequence[VerificationState] | None = None,
) -> tuple[int, int]:
    """Write every supplier (and product) in the import formats; returns row counts.
    `with_state` adds the columns of supplier_export.STATE_COLUMNS to the suppliers
    file; `states` keeps only suppliers (and their products) in those states."""
    n_sup = write_table(
        suppliers_path,
        supplier_export.columns(with_state),
        supplier_export.rows(session, with_state, states),
    )
    n_prod = 0
    if products_path is not None:
        n_prod = write_table(products_path, PRODUCT_COLUMNS, _product_rows(session, states=states))
    return n_sup, n_prod


def _product_rows(
    session: Session,
    supplier_id: int | None = None,
    states: Sequence[VerificationState] | None = None,
) -> Iterator[list[object]]:
    """Products in the products.csv columns, by tax code and SKU (withdrawn ones too:
    the file is the whole catalogue, and importing it back changes nothing)."""
    stmt = (
        select(Product)
        .join(Supplier)
        .order_by(Supplier.tax_code, Product.sku)
        .options(selectinload(Product.specs), contains_eager(Product.supplier))
    )
    if supplier_id is not None:
        stmt = stmt.where(Product.supplier_id == supplier_id)
    if states:
        stmt = stmt.where(Supplier.state.in_(states))
    for p in session.scalars(stmt):
        yield [
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


def export_catalogue(session: Session, user: User, supplier: Supplier, ext: str) -> bytes:
    """One supplier's products as products.csv (UTF-8 with BOM) or .xlsx, text that a
    spreadsheet would run as a formula escaped as in every export. Raises Forbidden
    unless its staff or an official, NotFound for another extension."""
    permissions.require_edit_supplier(user, supplier)
    rows = _product_rows(session, supplier.id)
    if ext == "xlsx":
        buf = io.BytesIO()
        write_xlsx(buf, PRODUCT_COLUMNS, rows)
        return buf.getvalue()
    if ext != "csv":
        raise NotFound(_("Catalogues download as .csv or .xlsx."))
    text = io.StringIO()
    write_csv(text, PRODUCT_COLUMNS, rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _export_value(value: object) -> object:
    return getattr(value, "value", value)
