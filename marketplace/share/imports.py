"""`share import`: supply_records.csv (interfaces.md) through the import toolkit, for
the CLI and the officials' upload page alike. All or nothing, every bad row reported
with its line, idempotent by record_id, only changed rows written, recorded as an
import batch that can be reverted; the aggregates change in the same transaction."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.categories.queries import list_category_codes
from marketplace.db import utcnow
from marketplace.imports import batches
from marketplace.imports.bulk import serialize_writers
from marketplace.imports.flow import finish, stop_on_errors
from marketplace.imports.progress import NoProgress, Progress
from marketplace.imports.report import ImportReport
from marketplace.imports.tables import Table, TableError
from marketplace.imports.upsert import EntityPlan, Incoming, plan_entity, update_rows
from marketplace.share import cells, records
from marketplace.share.fields import REQUIRED_SUPPLY_COLUMNS, SUPPLY_COLUMNS, SupplyCleaner
from marketplace.share.records import Links, R

ENTITY = "supply_record"
File = tuple[str, bytes]


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
    stop_on_errors(session, report)
    if not dry_run:
        serialize_writers(session)  # the stored rows read next stay as read
    existing = records.read_by_record_id(session, rows)
    plan = plan_entity(ENTITY, R, rows.values(), existing, report)
    _link_pairs(plan, existing)
    return finish(
        session,
        report,
        progress,
        lambda: _write(session, plan, links, existing, actor, file, report),
        dry_run,
        expect,
    )


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
        problem = records.link_problem(links, tax, sku)
        if problem is not None:
            column, message = problem
            report.error(
                table.name, line, column, _("%(problem)s: import it first", problem=message)
            )
            counts.rejected += 1
            continue
        if tax and sku:
            v["sku"] = links.product(tax, sku)[1]  # type: ignore[index] # stored spelling
        rows[v["record_id"]] = Incoming(line, v["record_id"], v["record_id"], v)
    return rows, links


def _link_pairs(plan: EntityPlan, existing: dict[Any, dict[str, Any]]) -> None:
    """A record's link is its supplier and SKU together. When either changes, the
    batch keeps both (so a revert finds the pair it wrote, or refuses), and a record
    moved to another supplier by a file without a sku column loses the old
    supplier's product — a change the preview shows."""
    for u in plan.updates:
        if not {"supplier_tax_code", "sku"} & u.changed.keys():
            continue
        stored = existing[u.incoming.key]
        values = u.incoming.values
        tax = values.get("supplier_tax_code", stored["supplier_tax_code"])
        if "sku" in values:
            sku = values["sku"]
        else:
            sku = None if "supplier_tax_code" in u.changed else stored["sku"]
        if sku != stored["sku"] and "sku" not in u.changed:
            u.changed["sku"] = (stored["sku"], sku)
            values["sku"] = sku
        # A copy: the report's change lists only what really changes.
        u.changed = {
            **u.changed,
            "supplier_tax_code": (stored["supplier_tax_code"], tax),
            "sku": (stored["sku"], sku),
        }


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
    new_ids = records.insert(session, [r.values for r in plan.creates], links, now)
    cells.add(session, [*updated, *new_ids.values()])
    batches.record_batch(session, "share", actor, [file], report, [batches.Written(plan, new_ids)])
