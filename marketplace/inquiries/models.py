"""An inquiry (a buyer's question to one supplier) and the messages of its thread."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from marketplace.accounts.models import User
from marketplace.attachments.models import Attachment
from marketplace.db import Base, str_enum, utcnow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier

SUBJECT_MAX = 200
BODY_MAX = 5000
UNIT_MAX = 30


class InquiryState(enum.StrEnum):
    NEW = "new"  # no reply from the supplier's staff yet
    ANSWERED = "answered"
    CLOSED = "closed"


class Quantity(TypeDecorator[Decimal]):
    """A quantity with up to three decimals (2.5 tấn), stored exactly as an integer
    of thousandths: no float rounding, and no Decimal warnings on SQLite."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 1000).to_integral_value())

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        exact = Decimal(value) / 1000
        # normalize() alone would write 10 as 1E+1.
        return exact.quantize(Decimal(1)) if value % 1000 == 0 else exact.normalize()


class Inquiry(Base):
    __tablename__ = "inquiries"
    __table_args__ = (
        CheckConstraint("quantity_milli IS NULL OR quantity_milli > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    quantity: Mapped[Decimal | None] = mapped_column("quantity_milli", Quantity)
    unit: Mapped[str | None] = mapped_column(String(UNIT_MAX))
    required_by: Mapped[date | None] = mapped_column(Date)
    # The commune's official name in Hà Nội (geography's data), never the text typed.
    delivery_commune: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[InquiryState] = mapped_column(
        str_enum(InquiryState, "inquiry_state"), default=InquiryState.NEW, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The staff's first reply: the response time is measured up to it.
    first_reply_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Unread: a side has unread messages when the thread moved after it last looked.
    # Each side's own message moves its mark too; the staff of a supplier share theirs.
    buyer_seen_at: Mapped[datetime | None] = mapped_column()
    supplier_seen_at: Mapped[datetime | None] = mapped_column()

    buyer: Mapped[User] = relationship(lazy="raise_on_sql")
    supplier: Mapped[Supplier] = relationship(lazy="raise_on_sql")
    product: Mapped[Product | None] = relationship(lazy="raise_on_sql")
    messages: Mapped[list[InquiryMessage]] = relationship(
        back_populates="inquiry",
        order_by="InquiryMessage.id",
        cascade="all, delete-orphan",
        lazy="raise_on_sql",
    )

    def unread_by(self, side: str) -> bool:
        """Whether `side` ("buyer" or "supplier") has not yet seen the latest message."""
        seen = self.buyer_seen_at if side == "buyer" else self.supplier_seen_at
        return seen is None or self.last_message_at > seen


inquiry_message_attachments = Table(
    "inquiry_message_attachments",
    Base.metadata,
    Column(
        "message_id",
        ForeignKey("inquiry_messages.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "attachment_id",
        ForeignKey("attachments.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class InquiryMessage(Base):
    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Which side wrote it, kept even if the author's account later changes supplier.
    from_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages", lazy="raise_on_sql")
    author: Mapped[User | None] = relationship(lazy="raise_on_sql")
    attachments: Mapped[list[Attachment]] = relationship(
        secondary=inquiry_message_attachments, order_by=Attachment.id, lazy="raise_on_sql"
    )
