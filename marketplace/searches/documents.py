"""Turning products and suppliers into search documents."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.searches.certifications import facet_certifications
from marketplace.suppliers.models import Supplier, VerificationState
from search.base import Document, chunked

SEARCHABLE_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)
# A supplier document names what it makes most as strongly as its own name.
MAIN_CATEGORIES = 2


def product_id(product_pk: int) -> str:
    return f"product:{product_pk}"


def supplier_id(supplier_pk: int) -> str:
    return f"supplier:{supplier_pk}"


def document_pk(doc_id: str) -> int:
    """The database id in a document id (`product:12` -> 12)."""
    return int(doc_id.split(":", 1)[1])


def supplier_is_searchable(supplier: Supplier) -> bool:
    return supplier.state in SEARCHABLE_STATES


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
        local_content=None
        if product.local_content_pct is None
        else float(product.local_content_pct),
        price=product.price_vnd,
        verified=s.verified,
        certifications=facet_certifications(product.certification_list, s.certification_list),
        created=int(product.created_at.timestamp()),
        supplier_name=s.name,
        supplier_name_en=s.name_en or "",
        hs_code=product.hs_code or "",
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


def current_documents(session: Session, doc_ids: Iterable[str]) -> list[Document]:
    """The documents the database gives now for `doc_ids` (`product:12`,
    `supplier:3`); ids of rows gone or no longer searchable give none."""
    wanted: dict[str, set[int]] = {"product": set(), "supplier": set()}
    for doc_id in doc_ids:
        kind, _, pk = doc_id.partition(":")
        wanted[kind].add(int(pk))
    stmt = select(Product).options(
        joinedload(Product.supplier),
        joinedload(Product.category).joinedload(Category.parent),
        selectinload(Product.specs),
    )
    out = [
        product_document(p)
        for part in chunked(sorted(wanted["product"]))
        for p in session.scalars(stmt.where(Product.id.in_(part))).unique()
        if is_searchable(p)
    ]
    if wanted["supplier"]:
        out += supplier_documents(session, wanted["supplier"])
    return out


def supplier_document(supplier: Supplier, categories: Iterable[Category]) -> Document:
    """A supplier as buyers look for one: its names, what it makes (the categories of
    its listed products, most listed first), its description and where it is. Kept
    short (no product names) so it does not shift product scoring.

    The categories it lists most products in go with the names, not into the
    category text: a supplier is what it makes, and the name field's syllable
    bigrams make "máy ép bùn" find the maker of sludge presses ("tách nước, ép bùn")
    before a supplier whose categories merely hold "máy", "ép" and "bùn" apart
    ("máy ép rác", "hút bùn"). Its other categories count as category text."""
    cats = list(categories)
    main_names: list[str] = []  # the two categories it lists most products in
    other_names: list[str] = []
    for i, cat in enumerate(cats):
        for c in (cat, cat.parent):
            if c is not None:
                for n in (c.name_vi, c.name_en):
                    if n not in main_names and n not in other_names:
                        (main_names if i < MAIN_CATEGORIES else other_names).append(n)
    main = cats[0] if cats else None
    return Document(
        id=supplier_id(supplier.id),
        type="supplier",
        supplier_tax_code=supplier.tax_code,
        sku="",
        name=supplier.name,
        name_en=" ; ".join(filter(None, [supplier.name_en, *main_names])),
        category=main.code if main else "",
        top_category=main.top_code if main else "",
        category_text=" ; ".join(other_names),
        specs="",
        description=supplier.description or "",
        description_en=supplier.description_en or "",
        supplier_text=" ".join(filter(None, [supplier.province, supplier.commune])),
        province=supplier.province,
        commune=supplier.commune or "",
        origin="VN",
        local_content=None,
        price=None,
        verified=supplier.verified,
        certifications=facet_certifications(supplier.certification_list),
        created=int(supplier.created_at.timestamp()),
        supplier_name=supplier.name,
        supplier_name_en=supplier.name_en or "",
    )


def listed_categories(
    session: Session, supplier_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """Supplier id -> codes of the categories it lists active products in, most
    listed first, equal counts by code (all suppliers, or those of `supplier_ids`).
    The order is the database's row order nowhere: it decides a supplier document's
    main categories, which must not depend on how the rows were asked for."""
    stmt = (
        select(Product.supplier_id, Product.category_code, func.count())
        .where(Product.active.is_(True))
        .group_by(Product.supplier_id, Product.category_code)
    )
    if supplier_ids is None:
        rows: Iterable[Any] = session.execute(stmt)
    else:  # ids in chunks: drivers cap a statement's parameters
        rows = itertools.chain.from_iterable(
            session.execute(stmt.where(Product.supplier_id.in_(part)))
            for part in chunked(sorted(set(supplier_ids)))
        )
    counts: dict[int, Counter[str]] = {}
    for sid, code, n in rows:
        counts.setdefault(sid, Counter())[code] = n
    return {
        sid: [code for code, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
        for sid, c in counts.items()
    }


def supplier_documents(
    session: Session, supplier_ids: Iterable[int] | None = None
) -> list[Document]:
    """Documents of the searchable suppliers (all, or those of `supplier_ids`)."""
    stmt = select(Supplier).where(Supplier.state.in_(SEARCHABLE_STATES)).order_by(Supplier.id)
    ids = None if supplier_ids is None else sorted(set(supplier_ids))
    if ids is None:
        suppliers = list(session.scalars(stmt))
    else:
        suppliers = [
            s for part in chunked(ids) for s in session.scalars(stmt.where(Supplier.id.in_(part)))
        ]
    listed = listed_categories(session, ids)
    categories = {
        c.code: c for c in session.scalars(select(Category).options(joinedload(Category.parent)))
    }
    return [
        supplier_document(s, [categories[code] for code in listed.get(s.id, [])]) for s in suppliers
    ]


def count_searchable(session: Session) -> int:
    """Documents a rebuild writes: searchable products and suppliers."""
    products = session.scalar(
        select(func.count(Product.id))
        .join(Supplier)
        .where(Product.active.is_(True), Supplier.state.in_(SEARCHABLE_STATES))
    )
    suppliers = session.scalar(
        select(func.count(Supplier.id)).where(Supplier.state.in_(SEARCHABLE_STATES))
    )
    return (products or 0) + (suppliers or 0)
