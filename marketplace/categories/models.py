from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db import Base, utcnow


class Category(Base):
    """A top-level equipment category (no parent) or one of its subcategories."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("categories.code", ondelete="RESTRICT"), index=True
    )
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Category | None] = relationship(remote_side=[code], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    @property
    def top_code(self) -> str:
        return self.parent_code or self.code

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_vi


class Target(Base):
    """A 2030 domestic-supply band for a top-level category, in force from
    `effective_from` until a later row takes over; rows are never changed, so the
    table is the history."""

    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint("min_pct >= 0 AND min_pct <= 100", name="min_pct_range"),
        CheckConstraint(
            "max_pct IS NULL OR (max_pct >= min_pct AND max_pct <= 100)", name="max_pct_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True)
    min_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    max_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    effective_from: Mapped[date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(200))  # who, as people read it
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
