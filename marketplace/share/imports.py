"""`share import`: supply_records.csv (interfaces.md) through the import toolkit, for
the CLI and the officials' upload page alike. All or nothing, every bad row reported
with its line, idempotent by record_id, only changed rows written, recorded as an
import batch that can be reverted; the aggregates change in the same transaction."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.categories.queries import list_category_codes
from marketplace.db import utcnow
from marketplace.imports import batches
from marketplace.imports.bulk import bulk_insert, serialize_writers
from marketplace.imports.progress import NoProgress, Progress
from marketplace.imports.report import ImportFailed, ImportReport, PreviewOutdated
from marketplace.imports.tables import Table, TableError
from marketplace.imports.upsert import EntityPlan, Incoming, plan_entity, update_rows
from marketplace.share import cells, records
from marketplace.share.fields import REQUIRED_SUPPLY_COLUMNS, SUPPLY_COLUMNS, SupplyCleaner
from marketplace.share.records import Links, R

ENTITY = "supply_record"
File = tuple[str, bytes]
INSERTED = (
    "record_id",
    "year",
    "category_code",
    "value_vnd",
    "origin",
    "local_content_bp",
    "supplier_id",
    "product_id",
    "buyer",
    "source",
)


def import_supply_records(
    session: Session,
    file: File,
    actor: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    expect: str | None = None,
) -> ImportReport:
    """Check a supply-records file and store what changed.

    Raises ImportFailed with the full report when any row is bad (nothing stored);
    with `dry_run` nothing is stored and the report says what would change;
    PreviewOutdated when `expect` (the confirmed preview's digest) no longer holds."""
    progress = progress or NoProgress()
    report = ImportReport(dry_run=dry_run)
    progress.stage(_("Validating"))
    table = report.open(file, SUPPLY_COLUMNS, REQUIRED_SUPPLY_COLUMNS)
    rows: dict[str, Incoming] = {}
    links = Links()
    if table is not None:
        try:
            rows, links = _check(session, table, report, progress)
        except TableError as exc:  # the reader cannot go on (broken quoting, a huge cell)
            report.error(exc.file, exc.line, None, exc.message)
    if report.errors:
        session.rollback()
        raise ImportFailed(report)
    if not dry_run:
        serialize_writers(session)  # the stored rows read next stay as read
    existing = records.read_by_record_id(session, rows)
    plan = plan_entity(ENTITY, R, rows.values(), existing, report)
    if table is not None and "supplier_tax_code" in table.header and "sku" not in table.header:
        _drop_stale_products(plan, existing)
    if dry_run:
        session.rollback()
        return report
    if expect is not None and report.digest() != expect:
        session.rollback()
        raise PreviewOutdated(report)
    try:
        progress.stage(_("Writing"))
        _write(session, plan, links, existing, actor, file, report)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def _check(
    session: Session, table: Table, report: ImportReport, progress: Progress
) -> tuple[dict[str, Incoming], Links]:
    cleaner = SupplyCleaner(table.header, list_category_codes(session))
    counts = report.count(ENTITY)
    first: dict[str, int] = {}
    good: list[tuple[int, dict[str, Any]]] = []
    for line, values in table.rows:
        progress.advance(1)
        cleaned = cleaner.clean(values)
        rid = cleaned.values.get("record_id")
        if isinstance(rid, str):
            if rid in first:
                cleaned.errors["record_id"] = _(
                    "record_id %(id)s already appears on line %(other)d", id=rid, other=first[rid]
                )
            else:
                first[rid] = line
        for col, msg in cleaned.errors.items():
            report.error(table.name, line, col, msg)
        if cleaned.errors:
            counts.rejected += 1
        else:
            good.append((line, cleaned.values))
    report.skipped(table, ENTITY)

    links = records.load_links(
        session,
        {v["supplier_tax_code"] for _l, v in good if v.get("supplier_tax_code")},
        {(v["supplier_tax_code"], v["sku"]) for _l, v in good if v.get("sku")},
    )
    rows: dict[str, Incoming] = {}
    for line, v in good:
        tax, sku = v.get("supplier_tax_code"), v.get("sku")
        if tax and tax not in links.suppliers:
            report.error(
                table.name,
                line,
                "supplier_tax_code",
                _("supplier %(tax)s is not in the registry: import it first", tax=tax),
            )
        elif tax and sku and (found := links.product(tax, sku)) is None:
            report.error(
                table.name,
                line,
                "sku",
                _(
                    "supplier %(tax)s has no product %(sku)s in the registry: import it first",
                    tax=tax,
                    sku=sku,
                ),
            )
        else:
            if tax and sku and found is not None:
                v["sku"] = found[1]  # matched without regard to case: the stored spelling
            rows[v["record_id"]] = Incoming(line, v["record_id"], v["record_id"], v)
            continue
        counts.rejected += 1
    return rows, links


def _drop_stale_products(plan: EntityPlan, existing: dict[Any, dict[str, Any]]) -> None:
    """A file that moves a record to another supplier without a sku column cannot
    keep the old supplier's product as its link."""
    for u in plan.updates:
        stored = existing[u.incoming.key]
        if "supplier_tax_code" in u.changed and stored["sku"] is not None:
            u.changed["sku"] = (stored["sku"], None)
            u.incoming.values["sku"] = None


def _write(
    session: Session,
    plan: EntityPlan,
    links: Links,
    existing: dict[Any, dict[str, Any]],
    actor: User | None,
    file: File,
    report: ImportReport,
) -> None:
    now = utcnow()
    updated = [u.row_id for u in plan.updates]
    cells.remove(session, updated)
    update_rows(
        session,
        R,
        [
            (
                u.row_id,
                records.to_columns(
                    {c: new for c, (_old, new) in u.changed.items()},
                    links,
                    existing[u.incoming.key],
                ),
            )
            for u in plan.updates
        ],
        now,
    )

    def created() -> Any:
        for row in plan.creates:
            cols = records.to_columns(row.values, links)
            yield (*(cols.get(c) for c in INSERTED), now, now)

    bulk_insert(session, R, (*INSERTED, "created_at", "updated_at"), created())
    new_ids: dict[Any, int] = {}
    for cond in cells.in_set(session, R.c.record_id, [r.key for r in plan.creates]):
        new_ids.update(session.execute(select(R.c.record_id, R.c.id).where(cond)).tuples().all())
    cells.add(session, [*updated, *new_ids.values()])
    batches.record_batch(session, "share", actor, [file], report, [batches.Written(plan, new_ids)])
