"""The search outbox: one row per document to refresh, written in the transaction
that changed the data, deleted by the indexer once the index holds the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow

# Priorities: a web save jumps a bulk import's backlog.
INTERACTIVE = 0
BULK = 1
KINDS = ("product", "supplier")


class IndexOutbox(Base):
    """`kind` + `pk` name a document (`product:12`); the indexer reads the row's
    current state: absent or not searchable means the document leaves the index."""

    __tablename__ = "search_outbox"
    __table_args__ = (
        CheckConstraint("kind IN ('product', 'supplier')", name="kind"),
        Index("ix_search_outbox_priority_id", "priority", "id"),
    )

    # BIGINT identity on PostgreSQL; SQLite's rowid alias must be INTEGER.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    pk: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    priority: Mapped[int] = mapped_column(SmallInteger, default=INTERACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
