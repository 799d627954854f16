"""`share import`: supply_records.csv (interfaces.md) through the import toolkit, for
the CLI and the officials' upload page alike. All or nothing, every bad row reported
with its line, idempotent by record_id, only changed rows written, recorded as an
import batch that can be reverted; the aggregates change in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.categories.queries import list_category_codes
from marketplace.db import utcnow
from marketplace.imports import batches
from marketplace.imports.bulk import serialize_writers
from marketplace.imports.flow import collector_paused, finish, stop_on_errors
from marketplace.imports.progress import NoProgress, Progress
from marketplace.imports.report import ImportFailed, ImportReport
from marketplace.imports.tables import Table, TableError
from marketplace.imports.upsert import EntityPlan, Incoming, Planner, update_rows
from marketplace.share import cells, records
from marketplace.share.fields import REQUIRED_SUPPLY_COLUMNS, SUPPLY_COLUMNS, SupplyCleaner
from marketplace.share.records import Links, R

ENTITY = "supply_record"
_KEYS = ("record_id", "supplier_tax_code", "sku")
File = tuple[str, bytes]


@collector_paused
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
    if table is None:  # not readable at all: the report says why
        session.rollback()
        raise ImportFailed(report)
    rows: list[tuple[int, list[str]]] = []
    broken: TableError | None = None
    try:
        rows.extend(table.rows)  # what was read stays when the reader stops
    except TableError as exc:  # the reader cannot go on (broken quoting, a huge cell)
        broken = exc
    if not dry_run:
        serialize_writers(session)  # the stored rows read next stay as read
    rows_check = _Check(session, table, rows, report, progress)
    # New records go to the table while the next rows are checked (on PostgreSQL the
    # server stores them meanwhile); the first bad row stops that, and then nothing is
    # stored at all: the transaction is rolled back below.
    try:
        new_ids = rows_check.run(write=not dry_run and broken is None)
    except Exception:
        session.rollback()
        raise
    report.skipped(table, ENTITY)
    if broken is not None:
        report.error(broken.file, broken.line, None, broken.message)
    stop_on_errors(session, report)
    plan = rows_check.planner.plan
    _link_pairs(plan, rows_check.existing)
    return finish(
        session,
        report,
        progress,
        lambda: _write(
            session, plan, rows_check.links, rows_check.existing, new_ids, actor, file, report
        ),
        dry_run,
        expect,
    )


class _Check:
    """One pass over the rows: each is checked, linked to the registry and planned
    against its stored record; new records stream into the table as they come."""

    def __init__(
        self,
        session: Session,
        table: Table,
        rows: list[tuple[int, list[str]]],
        report: ImportReport,
        progress: Progress,
    ) -> None:
        self.session, self.table, self.rows = session, table, rows
        self.report, self.progress = report, progress
        self.cleaner = SupplyCleaner(table.header, list_category_codes(session))
        self.counts = report.count(ENTITY)
        self.existing, self.links, self.fresh = self._look_up()
        self.planner = Planner(ENTITY, R, self.existing, report)

    def _look_up(self) -> tuple[dict[Any, dict[str, Any]], Links, int]:
        """Before checking: the stored records the file names, its suppliers and
        products, and how many new records it can bring at most. Each is read as the
        checks will read it (a value they refuse is left out)."""
        header, parse = self.table.header, self.cleaner.parse_memo
        ri, ti, ki = (header.index(c) if c in header else None for c in _KEYS)
        ids: set[Any] = set()
        taxes: set[Any] = set()
        pairs: set[tuple[Any, Any]] = set()
        for _line, values in self.rows:
            if ri is not None and (rid := parse("record_id", values[ri])):
                ids.add(rid)
            if ti is not None and (tax := parse("supplier_tax_code", values[ti])):
                taxes.add(tax)
                if ki is not None and (sku := parse("sku", values[ki])):
                    pairs.add((tax, sku))
        existing = records.read_by_record_id(self.session, ids)
        links = records.load_links(self.session, taxes, pairs)
        return existing, links, len(ids - existing.keys())

    def run(self, write: bool) -> list[int]:
        """Check every row; with `write`, insert the new records while nothing is
        wrong. Returns their ids, in the order of `planner.plan.creates`."""
        if not write:
            for _created in self._checked():
                pass
            return []
        return records.insert_stream(self.session, self._checked(), self.links, self.fresh)

    def _checked(self) -> Iterator[dict[str, Any]]:
        """Yields the values of each new record while no row so far was bad."""
        report, counts, name = self.report, self.counts, self.table.name
        links, cleaner, planner = self.links, self.cleaner, self.planner
        first: dict[str, int] = {}
        for n, (line, values) in enumerate(self.rows, 1):
            if n % 1000 == 0:
                self.progress.advance(1000)
            cleaned = cleaner.clean(values)
            v: dict[str, Any] = cleaned.values
            rid = v.get("record_id")
            if isinstance(rid, str):
                if rid in first:
                    cleaned.errors["record_id"] = _(
                        "record_id %(id)s already appears on line %(other)d",
                        id=rid,
                        other=first[rid],
                    )
                else:
                    first[rid] = line
            if cleaned.errors:
                for col, msg in cleaned.errors.items():
                    report.error(name, line, col, msg)
                counts.rejected += 1
                continue
            tax, sku = v.get("supplier_tax_code"), v.get("sku")
            if tax:
                problem = records.link_problem(links, tax, sku)
                if problem is not None:
                    column, message = problem
                    report.error(
                        name, line, column, _("%(problem)s: import it first", problem=message)
                    )
                    counts.rejected += 1
                    continue
                if sku:
                    v["sku"] = links.product(tax, sku)[1]  # type: ignore[index] # stored spelling
            if planner.add(Incoming(line, rid, str(rid), v)) and not report.errors:
                yield v
        self.progress.advance(len(self.rows) % 1000)


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
    new_ids: list[int],
    actor: User | None,
    file: File,
    report: ImportReport,
) -> None:
    """What is left after the new records went in: updates, aggregates, the batch."""
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
    created = {row.key: pk for row, pk in zip(plan.creates, new_ids, strict=True)}
    cells.add(session, [*updated, *new_ids])
    batches.record_batch(session, "share", actor, [file], report, [batches.Written(plan, created)])
