"""Supply records (equipment actually supplied in the city) and the aggregates kept
beside them in the same transaction, so that every figure is a small GROUP BY.

`share_cells` holds what the three methods need: per year, category (as recorded,
so subcategories roll up by a join), origin VN or not, and the basis of the
record's local content (its own value, else the linked product's declared one,
read at query time so a product's change moves the figures at once).
`share_coverage` holds how well the figures are backed: per year, category,
source and link to the registry."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.categories.models import Category
from marketplace.db import Base, Percent, str_enum, utcnow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier


class SupplySource(enum.StrEnum):
    PROCUREMENT = "procurement"
    INSTALLATION = "installation"
    SURVEY = "survey"
    MARKETPLACE = "marketplace"


class Link(enum.IntEnum):
    """How a record is tied to the registry."""

    NONE = 0
    SUPPLIER = 1
    PRODUCT = 2


class SupplyRecord(Base):
    __tablename__ = "supply_records"
    __table_args__ = (
        CheckConstraint("value_vnd > 0", name="value_positive"),
        CheckConstraint(
            "local_content_bp IS NULL OR (local_content_bp >= 0 AND local_content_bp <= 10000)",
            name="local_content_bp_range",
        ),
        CheckConstraint(
            "product_id IS NULL OR supplier_id IS NOT NULL", name="product_has_supplier"
        ),
        Index("ix_supply_records_year_category", "year", "category_code"),
        # A deleted record's id is never given to a new one: history is kept by id.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    value_vnd: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(2))
    local_content_pct: Mapped[Decimal | None] = mapped_column("local_content_bp", Percent)
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="RESTRICT"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    buyer: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[SupplySource | None] = mapped_column(str_enum(SupplySource, "supply_source"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    category: Mapped[Category] = relationship(lazy="raise_on_sql")
    supplier: Mapped[Supplier | None] = relationship(lazy="raise_on_sql")
    product: Mapped[Product | None] = relationship(lazy="raise_on_sql")

    @property
    def domestic(self) -> bool:
        return self.origin == "VN"

    @property
    def award_rfq_id(self) -> int | None:
        """The request for quotation whose award made this record (`RFQ-<id>`, source
        marketplace), for the link back to it; None for every other record."""
        prefix, _sep, number = self.record_id.partition("-")
        if self.source == SupplySource.MARKETPLACE and prefix == "RFQ" and number.isdigit():
            return int(number)
        return None


# Sentinels instead of NULL in the aggregates' keys: NULLs never conflict in a
# unique index, and the upsert relies on conflicts.
NO_PCT = -1
NO_PRODUCT = 0


class ShareCell(Base):
    __tablename__ = "share_cells"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    domestic: Mapped[bool] = mapped_column(primary_key=True)
    own_bp: Mapped[int] = mapped_column(Integer, primary_key=True)  # NO_PCT: none given
    # The product whose declared content applies (only when the record gives none).
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    records: Mapped[int] = mapped_column(BigInteger)
    value_vnd: Mapped[int] = mapped_column(BigInteger)


class ShareCoverage(Base):
    __tablename__ = "share_coverage"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)  # "" when not given
    link: Mapped[int] = mapped_column(Integer, primary_key=True)  # Link
    records: Mapped[int] = mapped_column(BigInteger)
    value_vnd: Mapped[int] = mapped_column(BigInteger)
