"""What a batch's page shows (its rows, filtered by action and paginated, and its
counts): one reading for the officials' page and a supplier's catalogue page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from marketplace.imports import batches
from marketplace.imports.models import ImportBatch
from marketplace.pagination import paginate

ROWS_PER_PAGE = 50


def batch_context(session: Session, record: ImportBatch, args: Mapping[str, Any]) -> dict[str, Any]:
    action = args.get("action") or None
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return {
        "batch": record,
        "rows": paginate(
            session, batches.select_batch_rows(record.id, action), page, ROWS_PER_PAGE
        ),
        "action": action,
        "counts": batches.count_batch_rows(session, record.id),
    }
