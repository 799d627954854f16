"""Officials adding, correcting and deleting single supply records. Every change is
kept in the audit trail (who, when, before, after) and the aggregates change in the
same transaction, so the dashboard moves at once."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.audit.models import AuditEvent
from marketplace.categories.queries import list_category_codes
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.imports import batches
from marketplace.imports.bulk import serialize_writers
from marketplace.imports.models import ImportBatch, ImportBatchRow
from marketplace.share import cells, records
from marketplace.share.fields import SUPPLY_COLUMNS, clean_record
from marketplace.share.models import SupplyRecord

ENTITY = "supply_record"


def record_fields(session: Session, record_pk: int) -> dict[str, Any]:
    """A stored record in the import's attribute names (for the form and history)."""
    found = records.read(session, [record_pk]).get(record_pk)
    if found is None:
        raise NotFound(_("There is no such supply record."))
    return found


def _checked(
    session: Session, raw: Mapping[str, str | None]
) -> tuple[dict[str, Any], records.Links]:
    """Form input ({import column: text}, every column) checked like a file row, its
    text in NFC as an imported file's is (the same record id typed either way is one)."""
    text = {c: unicodedata.normalize("NFC", v) if v else v for c, v in raw.items()}
    cleaned = clean_record({c: text.get(c) for c in SUPPLY_COLUMNS}, list_category_codes(session))
    values: dict[str, Any] = cleaned.values
    tax, sku = values.get("supplier_tax_code"), values.get("sku")
    links = records.load_links(session, [tax] if tax else [], [(tax, sku)] if tax and sku else [])
    problem = records.link_problem(links, tax, sku)
    if problem is not None and problem[0] not in cleaned.errors:
        cleaned.errors[problem[0]] = problem[1]
    elif tax and sku and problem is None:
        values["sku"] = links.product(tax, sku)[1]  # type: ignore[index] # stored spelling
    if cleaned.errors:
        raise InvalidInput(_("The record was not saved: check the marked fields."), cleaned.errors)
    return values, links


def create_record(session: Session, actor: User, raw: Mapping[str, str | None]) -> int:
    """Add one record; returns its id. Forbidden unless an official; InvalidInput
    (per field) for a bad value or a record_id already used."""
    permissions.require_official(actor)
    serialize_writers(session)
    values, links = _checked(session, raw)
    if session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == values["record_id"])):
        raise InvalidInput(
            _("The record was not saved: check the marked fields."),
            {"record_id": _("record_id %(id)s is already used", id=values["record_id"])},
        )
    pk = _insert_one(session, actor, values, links, "created")
    session.commit()
    return pk


def _insert_one(
    session: Session, actor: User, values: dict[str, Any], links: records.Links, action: str
) -> int:
    """Insert one checked record with its aggregates and audit event (no commit)."""
    pk = records.insert(session, [values], links, utcnow())[values["record_id"]]
    cells.add(session, [pk])
    audit.record(session, actor, ENTITY, pk, action, after=values)
    return pk


def add_award_record(session: Session, actor: User, values: dict[str, Any]) -> int:
    """The supply record of an award made on this site (rfqs.services.award), in the
    caller's transaction: the caller checked the award and commits. `values` in the
    record's attribute names; the supplier (and product) must be in the registry.
    Conflict when the record id is already used."""
    serialize_writers(session)
    tax, sku = values.get("supplier_tax_code"), values.get("sku")
    links = records.load_links(session, [tax] if tax else [], [(tax, sku)] if tax and sku else [])
    if records.link_problem(links, tax, sku) is not None:
        raise Conflict(_("The supplier of this award is no longer in the registry."))
    if session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == values["record_id"])):
        raise Conflict(_("record_id %(id)s is already used", id=values["record_id"]))
    return _insert_one(session, actor, values, links, "awarded")


def update_record(
    session: Session, actor: User, record_pk: int, raw: Mapping[str, str | None], note: str = ""
) -> dict[str, tuple[Any, Any]]:
    """Correct one record; returns the changed fields (before, after). Forbidden unless
    an official; NotFound; InvalidInput (per field)."""
    permissions.require_official(actor)
    serialize_writers(session)
    stored = record_fields(session, record_pk)
    values, _links = _checked(session, raw)
    if values["record_id"] != stored["record_id"] and session.scalar(
        select(SupplyRecord.id).where(SupplyRecord.record_id == values["record_id"])
    ):
        raise InvalidInput(
            _("The record was not saved: check the marked fields."),
            {"record_id": _("record_id %(id)s is already used", id=values["record_id"])},
        )
    changed = {c: (stored[c], v) for c, v in values.items() if stored[c] != v}
    if changed:
        records.write(session, [(record_pk, {c: new for c, (_o, new) in changed.items()})])
        audit.record(
            session,
            actor,
            ENTITY,
            record_pk,
            "updated",
            before={c: old for c, (old, _n) in changed.items()},
            after={c: new for c, (_o, new) in changed.items()},
            note=note or None,
        )
        session.commit()
    return changed


def delete_record(session: Session, actor: User, record_pk: int, note: str = "") -> str:
    """Delete one record (its values stay in the history); returns its record_id."""
    permissions.require_official(actor)
    serialize_writers(session)
    stored = record_fields(session, record_pk)
    records.remove(session, [record_pk])
    before = {c: stored[c] for c in records.FIELDS}
    audit.record(session, actor, ENTITY, record_pk, "deleted", before=before, note=note or None)
    session.commit()
    return str(stored["record_id"])


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    # created | awarded | updated | deleted | imported | import-updated | import-reverted
    action: str
    changes: list[tuple[str, Any, Any]]  # field, before, after
    note: str | None = None
    batch_id: int | None = None


def record_history(session: Session, record_pk: int) -> list[HistoryEntry]:
    """Every change to a record, oldest first: form edits and the import batches that
    created or updated it."""
    out = _recorded(session, record_pk)
    created = batches.creating_batch(session, ENTITY, record_pk)
    if created is not None:
        now = records.read(session, [record_pk]).get(record_pk) or {}
        values = _at_creation(now, out)
        changes = [(c, None, batches.json_value(v)) for c, v in values.items() if v is not None]
        out.insert(
            0,
            HistoryEntry(
                created.created_at, created.actor_label, "imported", changes, batch_id=created.id
            ),
        )
        if created.reverted_at is not None:
            out.append(_reverted_entry(created, changes))
    return out


def imported_values(session: Session, record_pk: int) -> dict[str, Any]:
    """What a record its batch created as part of a run held then (also once deleted):
    for the batch's page and its revert, when the record changed since."""
    now = records.read(session, [record_pk]).get(record_pk) or {}
    return _at_creation(now, _recorded(session, record_pk))


def _at_creation(now: dict[str, Any], later: list[HistoryEntry]) -> dict[str, Any]:
    """A record's values when it was created: its values now (none once deleted) with
    every later change undone; each field's first later change says what it was (a
    deletion's entry holds every field)."""
    values = {c: now[c] for c in records.FIELDS if c in now}
    seen: set[str] = set()
    for entry in later:
        for field, before, _after in entry.changes:
            if field in records.FIELDS and field not in seen:
                values[field] = before
                seen.add(field)
    return values


def _recorded(session: Session, record_pk: int) -> list[HistoryEntry]:
    """The changes recorded one by one, oldest first: form edits (audit trail) and
    the rows import batches kept."""
    out: list[HistoryEntry] = []
    for e in audit.list_events(session, ENTITY, record_pk):
        out.append(HistoryEntry(e.created_at, e.actor_label, e.action, _pairs(e), e.note))
    stmt = (
        select(ImportBatchRow, ImportBatch)
        .join(ImportBatch, ImportBatch.id == ImportBatchRow.batch_id)
        .where(ImportBatchRow.entity == ENTITY, ImportBatchRow.row_id == record_pk)
    )
    for row, batch in session.execute(stmt).tuples():
        before = row.before or {}
        out.append(
            HistoryEntry(
                batch.created_at,
                batch.actor_label,
                "imported" if row.action == "created" else "import-updated",
                [(c, before.get(c), v) for c, v in row.after.items()],
                batch_id=batch.id,
            )
        )
        if batch.reverted_at is not None:  # the revert put the before values back
            out.append(
                HistoryEntry(
                    batch.reverted_at,
                    batch.reverted_by or "",
                    "import-reverted",
                    [(c, v, before.get(c)) for c, v in row.after.items()],
                    batch_id=batch.id,
                )
            )
    out.sort(key=lambda h: h.at)
    return out


def _reverted_entry(batch: ImportBatch, imported: list[tuple[str, Any, Any]]) -> HistoryEntry:
    return HistoryEntry(
        batch.reverted_at,  # type: ignore[arg-type] # set: the caller checked
        batch.reverted_by or "",
        "import-reverted",
        [(c, v, None) for c, _b, v in imported],
        batch_id=batch.id,
    )


def _pairs(e: AuditEvent) -> list[tuple[str, Any, Any]]:
    before, after = e.before or {}, e.after or {}
    return [(c, before.get(c), after.get(c)) for c in dict.fromkeys([*before, *after])]
