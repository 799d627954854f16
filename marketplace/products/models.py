from __future__ import annotations

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

from marketplace.bilingual import BilingualMixin
from marketplace.categories.models import Category
from marketplace.db import Base, Percent, utcnow
from marketplace.suppliers.models import Supplier

MAX_PHOTOS = 6


class Product(BilingualMixin, Base):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("supplier_id", "sku"),
        CheckConstraint(
            "local_content_bp IS NULL OR (local_content_bp >= 0 AND local_content_bp <= 10000)",
            name="local_content_bp_range",
        ),
        # Every SKU forms a URL path segment: letters, digits and - _ . (not only dots).
        CheckConstraint(
            "sku NOT IN ('.', '..') AND sku NOT LIKE '%/%' AND length(sku) BETWEEN 1 AND 64",
            name="sku_url_safe",
        ),
        CheckConstraint("price_vnd IS NULL OR price_vnd >= 0", name="price_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up through uq_products_supplier_id_sku, which leads with it.
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(2))
    # Percent with two decimals, stored in hundredths (column local_content_bp).
    local_content_pct: Mapped[Decimal | None] = mapped_column("local_content_bp", Percent)
    hs_code: Mapped[str | None] = mapped_column(String(8))
    price_vnd: Mapped[int | None] = mapped_column(BigInteger)
    certifications: Mapped[str | None] = mapped_column(String(500))
    # Also the index rebuild's path on SQLite: (active, id) in id order, no sort.
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # First time the public could see it (active while its supplier was publicly
    # listed); None = never published, so it may still be deleted (publication.py).
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    supplier: Mapped[Supplier] = relationship()
    category: Mapped[Category] = relationship()
    specs: Mapped[list[ProductSpec]] = relationship(
        back_populates="product",
        order_by="ProductSpec.position",
        cascade="all, delete-orphan",
    )
    photos: Mapped[list[ProductPhoto]] = relationship(
        back_populates="product",
        order_by="ProductPhoto.position",
        cascade="all, delete-orphan",
    )

    @property
    def made_in_vietnam(self) -> bool:
        return self.origin == "VN"

    @property
    def specs_text(self) -> str:
        """Specifications in the import format `key: value; key: value`."""
        return "; ".join(f"{s.key}: {s.value}" for s in self.specs)


class ProductOldSku(Base):
    """A SKU a product had before: its old URL redirects to the product. A product
    that takes the SKU later wins (it is looked up first)."""

    __tablename__ = "product_old_skus"
    __table_args__ = (UniqueConstraint("supplier_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(64))  # lower case: SKUs match without case
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProductSpec(Base):
    __tablename__ = "product_specs"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(120))
    value: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="specs")


class ProductPhoto(Base):
    __tablename__ = "product_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(100), unique=True)
    thumb_filename: Mapped[str] = mapped_column(String(100))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="photos")
