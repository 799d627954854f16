"""What the data-quality tools remember: pairs an official said are not duplicates,
and each merge with exactly what it moved (so that it can be undone)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db import Base, utcnow
from marketplace.suppliers.models import Supplier


class DuplicateDismissal(Base):
    """An official's "not duplicates" for a pair of suppliers (low id first)."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (
        UniqueConstraint("low_id", "high_id"),
        CheckConstraint("low_id < high_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    low_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    high_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupplierMerge(Base):
    """One supplier merged into another. `moved` holds, per kind of row (see
    quality/movers.py), the ids moved and what was changed on them; `merged_state`
    the merged supplier's verification state before (it is suspended by the merge)."""

    __tablename__ = "supplier_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"), index=True)
    merged_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    merged_state: Mapped[str] = mapped_column(String(20))
    moved: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column()
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    kept: Mapped[Supplier] = relationship(foreign_keys=[kept_id], lazy="raise_on_sql")
    merged: Mapped[Supplier] = relationship(foreign_keys=[merged_id], lazy="raise_on_sql")
