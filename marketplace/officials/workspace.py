"""The officials' workspace: one page that leads to every part of their work, with
what waits for them (suppliers to verify, certificates about to expire, files
uploaded but not yet imported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.officials.uploads import select_uploads_in_progress
from marketplace.suppliers.models import Supplier
from marketplace.verification.queries import select_expiring, select_queue


@dataclass(frozen=True)
class Waiting:
    to_verify: int
    expiring: int
    uploads: int


def _count(session: Session, stmt: object) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0  # type: ignore[attr-defined]


def get_waiting(session: Session, today: date) -> Waiting:
    return Waiting(
        to_verify=_count(session, select_queue().where(Supplier.submitted_at.is_not(None))),
        expiring=_count(session, select_expiring(today)),
        uploads=_count(session, select_uploads_in_progress()),
    )
