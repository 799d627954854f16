from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.bilingual import BilingualMixin
from marketplace.db import Base, str_enum, utcnow


class Ownership(enum.StrEnum):
    DOMESTIC = "domestic"
    FOREIGN = "foreign"
    JOINT_VENTURE = "joint_venture"


class VerificationState(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Supplier(BilingualMixin, Base):
    __tablename__ = "suppliers"
    __table_args__ = (
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_nonneg"),
        CheckConstraint(
            "founded_year IS NULL OR (founded_year >= 1900 AND founded_year <= 2100)",
            name="founded_year_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    ownership: Mapped[Ownership] = mapped_column(str_enum(Ownership, "ownership"))
    province: Mapped[str] = mapped_column(String(100), index=True)
    commune: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    employees: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    certifications: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[VerificationState] = mapped_column(
        str_enum(VerificationState, "verification_state"),
        default=VerificationState.PENDING,
        index=True,
    )
    # When the staff last asked for a review (the queue's waiting time), when an
    # official last checked it (the badge's date), and the last reason given.
    submitted_at: Mapped[datetime | None] = mapped_column()
    verified_at: Mapped[datetime | None] = mapped_column()
    state_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    events: Mapped[list[VerificationEvent]] = relationship(
        back_populates="supplier",
        order_by="VerificationEvent.created_at",
        cascade="all, delete-orphan",
    )

    @property
    def verified(self) -> bool:
        return self.state == VerificationState.VERIFIED


class VerificationEvent(Base):
    """One change of a supplier's verification state, kept as history."""

    __tablename__ = "verification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The state machine's action (submit, approve, ...) and the acting user; older
    # rows and imports have none.
    action: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What changed in the verified fields, {field: [old, new]}, when that withdrew the badge.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    supplier: Mapped[Supplier] = relationship(back_populates="events")
