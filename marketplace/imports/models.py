"""Import batches: every committed import, with each changed row's before and after
values, so officials can see what a file did and revert it as a whole."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.db import Base, str_enum, utcnow


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # registry | share
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254))  # e-mail, or "command line"
    # A supplier's own catalogue import: the only supplier it could change; its staff
    # see only these batches. None for the officials' registry-wide imports.
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="SET NULL"), index=True
    )
    files: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(500))  # one digest per file, comma-separated
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    reverted_at: Mapped[datetime | None]
    reverted_by: Mapped[str | None] = mapped_column(String(254))

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


class ImportBatchRow(Base):
    """One row a batch created or updated: `before`/`after` hold the changed columns
    (all imported columns for a created row, whose `before` is null)."""

    __tablename__ = "import_batch_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # created | updated
    key: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


class ImportBatchRun(Base):
    """Rows a batch created, as a run of consecutive ids, for entities whose rows are
    their own record of what was imported (supply records: `EntityAdapter.compact`).
    A 200k-row file is one run instead of 200k rows here, which cost the import as
    much as the records themselves; what each row holds is read from its table."""

    __tablename__ = "import_batch_runs"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    first_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)

    @property
    def size(self) -> int:
        return self.last_id - self.first_id + 1


class UploadStatus(enum.StrEnum):
    VALIDATING = "validating"
    INVALID = "invalid"  # rows with errors: nothing can be committed
    READY = "ready"  # valid: the preview waits for confirmation
    UNCHANGED = "unchanged"  # valid, but every row is stored as the file has it
    COMMITTING = "committing"
    COMMITTED = "committed"
    FAILED = "failed"  # a job failed (its message says why); nothing was stored
    CANCELLED = "cancelled"


class ImportUpload(Base):
    """Files an official uploaded on the web, from validation to commit."""

    __tablename__ = "import_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid hex, in URLs
    kind: Mapped[str] = mapped_column(String(20))  # registry | share
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set for a supplier's catalogue upload: the company its rows must belong to.
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    files: Mapped[list[str]] = mapped_column(JSON)  # stored names, in import order
    status: Mapped[UploadStatus] = mapped_column(str_enum(UploadStatus, "upload_status"))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    job_id: Mapped[str | None] = mapped_column(String(32))  # the validate or commit job
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
