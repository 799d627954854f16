"""The suppliers file of the registry export, optionally with each supplier's
verification state, verification date and whether it is listed publicly.

Without options it is exactly the import format of interfaces.md (re-importable);
the extra columns (`state`, `verified_at`, `listed`) are not import columns, so a
file with them is for reading, not for re-import."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from marketplace.imports.tables import write_csv, write_xlsx
from marketplace.suppliers.fields import SUPPLIER_COLUMNS
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.suppliers.queries import PUBLIC_STATES

STATE_COLUMNS = ("state", "verified_at", "listed")


def select_exported(states: Sequence[VerificationState] | None = None) -> Select[Any]:
    stmt = select(Supplier).order_by(Supplier.tax_code)
    return stmt.where(Supplier.state.in_(states)) if states else stmt


def columns(with_state: bool) -> list[str]:
    return [*SUPPLIER_COLUMNS, *(STATE_COLUMNS if with_state else ())]


def rows(
    session: Session, with_state: bool, states: Sequence[VerificationState] | None = None
) -> Iterator[list[object]]:
    """One row per supplier, by tax code. `verified_at`: the date of the latest change
    to verified, for a supplier verified now; `listed`: active (public) or withdrawn."""
    verified: dict[int, Any] = {}
    if with_state:
        stmt = (
            select(VerificationEvent.supplier_id, func.max(VerificationEvent.created_at))
            .where(VerificationEvent.to_state == VerificationState.VERIFIED.value)
            .group_by(VerificationEvent.supplier_id)
        )
        verified = dict(session.execute(stmt).tuples().all())
    for s in session.scalars(select_exported(states)):
        row: list[object] = [
            getattr(getattr(s, c), "value", getattr(s, c)) for c in SUPPLIER_COLUMNS
        ]
        if with_state:
            when = verified.get(s.id) if s.state == VerificationState.VERIFIED else None
            row += [
                s.state.value,
                when.date().isoformat() if when else None,
                "active" if s.state in PUBLIC_STATES else "withdrawn",
            ]
        yield row


def verified_list(session: Session, ext: str) -> bytes:
    """The verified suppliers with their verification date, as CSV (UTF-8 with a
    BOM, which Excel opens correctly) or XLSX, through the formula-safe writers."""
    data = rows(session, True, [VerificationState.VERIFIED])
    if ext == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, columns(True), data)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    write_csv(text, columns(True), data)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
