"""An audit event: who (a user, or a label such as "command line"), when, what
(entity and id), and the values before and after. Rows are only ever added, and
each carries the SHA-256 of its content and of the event before it in the chain
(`seq` order: a hash chain), so a row changed, removed or slipped in afterwards is detectable
(`flask audit verify`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254))
    entity: Mapped[str] = mapped_column(String(40))  # supplier, product, user, ...
    entity_id: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # created | updated | deleted | ...
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)  # the reason given, if any
    # The supplier the event concerns (its profile, products, verification), so its
    # staff can read their own history. No foreign key: history outlives the row,
    # and a cascade would rewrite hashed rows.
    supplier_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The event's place in the chain, given when it is hashed (under the chain's
    # lock): ids come from a sequence and may commit out of order on PostgreSQL.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)
