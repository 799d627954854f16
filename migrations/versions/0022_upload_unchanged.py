"""Uploads: the status `unchanged`, for a valid file that would change nothing. Such
an upload has nothing to confirm, and it no longer waits among the uploads in
progress as if it were ready to import.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("validating", "invalid", "ready", "committing", "committed", "failed", "cancelled")
AFTER = (
    "validating",
    "invalid",
    "ready",
    "unchanged",
    "committing",
    "committed",
    "failed",
    "cancelled",
)


def _statuses(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("import_uploads") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_import_uploads_upload_status"), type_="check")
        batch_op.create_check_constraint("upload_status", sa.column("status").in_(values))


def upgrade() -> None:
    _statuses(AFTER)


def downgrade() -> None:
    op.execute("UPDATE import_uploads SET status = 'cancelled' WHERE status = 'unchanged'")
    _statuses(BEFORE)
