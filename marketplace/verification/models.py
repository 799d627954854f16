"""Documents a supplier attaches to its request for verification."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db import Base, str_enum, utcnow
from marketplace.suppliers.models import Supplier


class DocumentKind(enum.StrEnum):
    BUSINESS_REGISTRATION = "registration"
    ISO = "iso"
    CO_CQ = "co_cq"
    OTHER = "other"


class VerificationDocument(Base):
    """One uploaded file; `stored_name` is a random name under DOCUMENTS_FOLDER, never
    the uploader's file name, and never under static/."""

    __tablename__ = "verification_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, "document_kind"))
    title: Mapped[str] = mapped_column(String(200))  # the uploader's file name, for display
    issuer: Mapped[str | None] = mapped_column(String(200))
    number: Mapped[str | None] = mapped_column(String(100))
    expires_on: Mapped[date | None] = mapped_column(index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    public: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded explicitly by the lists that show it (contains_eager), never one by one.
    supplier: Mapped[Supplier] = relationship(lazy="raise_on_sql")

    def expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today
