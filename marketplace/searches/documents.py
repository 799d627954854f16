"""Turning products and suppliers into search documents."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState
from search.base import Document

SEARCHABLE_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)


def product_id(product_pk: int) -> str:
    return f"product:{product_pk}"


def is_searchable(product: Product) -> bool:
    """Withdrawn products and products of hidden suppliers are never found."""
    return product.active and product.supplier.state in SEARCHABLE_STATES


def product_document(product: Product) -> Document:
    cat: Category = product.category
    parent = cat.parent
    names = [cat.name_vi, cat.name_en] + ([parent.name_vi, parent.name_en] if parent else [])
    s = product.supplier
    return Document(
        id=product_id(product.id),
        type="product",
        supplier_tax_code=s.tax_code,
        sku=product.sku,
        name=product.name,
        name_en=product.name_en or "",
        category=product.category_code,
        top_category=cat.top_code,
        category_text=" ".join(names),
        specs=product.specs_text,
        description=product.description or "",
        description_en=product.description_en or "",
        supplier_text=" ".join(filter(None, [s.name, s.name_en, s.province, s.commune])),
        province=s.province,
        commune=s.commune or "",
        origin=product.origin,
        local_content=product.local_content_pct,
        price=product.price_vnd,
        verified=s.verified,
        certifications=product.certification_list + s.certification_list,
        created=int(product.created_at.timestamp()),
    )


def iter_product_documents(session: Session, batch: int = 1000) -> Iterator[Document]:
    stmt = (
        select(Product)
        .join(Supplier)
        .where(Product.active.is_(True), Supplier.state.in_(SEARCHABLE_STATES))
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.specs),
        )
        .order_by(Product.id)
        .execution_options(yield_per=batch)
    )
    for product in session.scalars(stmt):
        yield product_document(product)


def count_searchable(session: Session) -> int:
    from sqlalchemy import func

    return (
        session.scalar(
            select(func.count(Product.id))
            .join(Supplier)
            .where(Product.active.is_(True), Supplier.state.in_(SEARCHABLE_STATES))
        )
        or 0
    )
