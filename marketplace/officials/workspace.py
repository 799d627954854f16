"""The officials' workspace: one page that leads to every part of their work, with
what waits for them (suppliers to verify, certificates about to expire, files
uploaded but not yet imported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from marketplace.officials.uploads import select_uploads_in_progress
from marketplace.pagination import count_rows
from marketplace.suppliers.models import Supplier
from marketplace.verification.queries import select_expiring, select_queue


@dataclass(frozen=True)
class Waiting:
    to_verify: int
    expiring: int
    uploads: int


def get_waiting(session: Session, today: date) -> Waiting:
    return Waiting(
        to_verify=count_rows(session, select_queue().where(Supplier.submitted_at.is_not(None))),
        expiring=count_rows(session, select_expiring(today)),
        uploads=count_rows(session, select_uploads_in_progress()),
    )
