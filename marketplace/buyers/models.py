"""A buyer's own lists: the shortlist of products and suppliers, and saved searches
(with the products each one has already told about)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow


class ShortlistItem(Base):
    """One product or one supplier a user keeps for later, with an optional note."""

    __tablename__ = "shortlist_items"
    __table_args__ = (
        # NULLs are distinct in unique constraints: a product row never meets a
        # supplier row here, on either engine.
        UniqueConstraint("user_id", "product_id"),
        UniqueConstraint("user_id", "supplier_id"),
        CheckConstraint("(product_id IS NULL) <> (supplier_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedSearch(Base):
    """A query and its filters as the search page's URL parameters, under a name."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notify: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the alert last looked for new products (None: never yet).
    checked_at: Mapped[datetime | None] = mapped_column()


class SavedSearchHit(Base):
    """A product a saved search has told its owner about: never twice."""

    __tablename__ = "saved_search_hits"

    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
