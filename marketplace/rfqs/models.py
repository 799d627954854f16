"""Requests for quotation: the buyer's request, the suppliers invited to answer, their
quotes (with every revision kept) and the follow-up questions per supplier."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.attachments.models import Attachment
from marketplace.categories.models import Category
from marketplace.db import Base, Percent, str_enum, utcnow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
NOTES_MAX = 3000
MESSAGE_MAX = 3000
SPEC_KEY_MAX = 120
SPEC_VALUE_MAX = 500
SPECS_MAX = 30


class RfqState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    AWARDED = "awarded"
    CANCELLED = "cancelled"


class QuoteState(enum.StrEnum):
    SUBMITTED = "submitted"
    REVISED = "revised"
    WITHDRAWN = "withdrawn"
    WON = "won"
    LOST = "lost"


class Rfq(Base):
    __tablename__ = "rfqs"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("budget_vnd IS NULL OR budget_vnd > 0", name="budget_positive"),
        CheckConstraint(
            "min_local_content_bp IS NULL OR "
            "(min_local_content_bp >= 0 AND min_local_content_bp <= 10000)",
            name="min_local_content_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(30))
    delivery_commune: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[datetime]
    budget_vnd: Mapped[int | None] = mapped_column(BigInteger)
    verified_only: Mapped[bool] = mapped_column(default=False)
    min_local_content_pct: Mapped[Decimal | None] = mapped_column("min_local_content_bp", Percent)
    province: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[RfqState] = mapped_column(
        str_enum(RfqState, "rfq_state"), default=RfqState.DRAFT, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]  # closed, awarded or cancelled
    # Set at award: what the buyer signed, and the supply record it became.
    contract_value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    delivery_year: Mapped[int | None] = mapped_column(Integer)
    supply_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("supply_records.id", ondelete="SET NULL")
    )

    buyer: Mapped[User] = relationship(lazy="raise_on_sql")
    category: Mapped[Category] = relationship(lazy="raise_on_sql")
    specs: Mapped[list[RfqSpec]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", order_by="RfqSpec.position"
    )


class RfqSpec(Base):
    __tablename__ = "rfq_specs"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(SPEC_KEY_MAX))
    value: Mapped[str] = mapped_column(String(SPEC_VALUE_MAX))
    position: Mapped[int] = mapped_column(Integer, default=0)

    rfq: Mapped[Rfq] = relationship(back_populates="specs")


class RfqInvitation(Base):
    """A supplier asked to quote. `seen_at`: when one of its staff first opened it
    (the inbox's unread count)."""

    __tablename__ = "rfq_invitations"
    __table_args__ = (UniqueConstraint("rfq_id", "supplier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    by_buyer: Mapped[bool] = mapped_column(default=False)  # added by hand, not matched
    rank: Mapped[int] = mapped_column(Integer, default=0)  # match order (best first)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None]

    supplier: Mapped[Supplier] = relationship(lazy="raise_on_sql")


class Quote(Base):
    """A supplier's current offer (one per supplier and RFQ); each version is also in
    `quote_revisions`."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("rfq_id", "supplier_id"),
        CheckConstraint("price_vnd > 0", name="price_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_nonneg"),
        CheckConstraint("warranty_months >= 0", name="warranty_nonneg"),
        CheckConstraint(
            "local_content_bp >= 0 AND local_content_bp <= 10000", name="local_content_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[QuoteState] = mapped_column(
        str_enum(QuoteState, "quote_state"), default=QuoteState.SUBMITTED
    )
    price_vnd: Mapped[int] = mapped_column(BigInteger)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    local_content_pct: Mapped[Decimal] = mapped_column("local_content_bp", Percent)
    origin: Mapped[str] = mapped_column(String(2))
    warranty_months: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    supplier: Mapped[Supplier] = relationship(lazy="raise_on_sql")
    product: Mapped[Product | None] = relationship(lazy="raise_on_sql")


class QuoteRevision(Base):
    """One version of a quote as it was sent (1 = the first)."""

    __tablename__ = "quote_revisions"
    __table_args__ = (UniqueConstraint("quote_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    price_vnd: Mapped[int] = mapped_column(BigInteger)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    local_content_pct: Mapped[Decimal] = mapped_column("local_content_bp", Percent)
    origin: Mapped[str] = mapped_column(String(2))
    warranty_months: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuoteAttachment(Base):
    __tablename__ = "quote_attachments"

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )

    attachment: Mapped[Attachment] = relationship(lazy="raise_on_sql")


class RfqMessage(Base):
    """The buyer's follow-up questions to one invited supplier and its answers."""

    __tablename__ = "rfq_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_buyer: Mapped[bool] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
