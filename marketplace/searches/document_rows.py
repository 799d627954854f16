"""Product documents read set-wise: one statement for the products of a batch with
their supplier's columns joined, one for their specifications, the categories once.

The same documents as `documents.product_document` gives for a loaded `Product`
(a test compares them field by field), without building ORM objects: loading
100,000 products with their supplier, category and specs through the ORM took
more CPU than analysing the documents, and a catch-up after an import indexes
exactly that many."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.products.queries import SPEC_ROWS, specs_texts
from marketplace.searches.certifications import facet_certifications
from marketplace.searches.documents import SEARCHABLE_STATES, product_id
from marketplace.suppliers.models import Supplier, VerificationState
from search.base import Document, chunked

# Products a statement: large enough that per-statement costs vanish, small enough
# that a caller can do other work (a web save's document) between batches.
BATCH = 2000

_COLUMNS = (
    Product.id,
    Product.sku,
    Product.name,
    Product.name_en,
    Product.category_code,
    Product.description,
    Product.description_en,
    Product.origin,
    Product.local_content_pct,
    Product.price_vnd,
    Product.hs_code,
    Product.certifications,
    Product.created_at,
    Product.active,
    Supplier.tax_code,
    Supplier.name.label("s_name"),
    Supplier.name_en.label("s_name_en"),
    Supplier.province,
    Supplier.commune,
    Supplier.state,
    Supplier.certifications.label("s_certifications"),
)


@dataclass(frozen=True)
class _Category:
    text: str  # its names and its parent's, vi and en
    top: str


def _categories(session: Session) -> dict[str, _Category]:
    rows = session.execute(
        select(Category.code, Category.parent_code, Category.name_vi, Category.name_en)
    ).all()
    names = {code: (vi, en) for code, _p, vi, en in rows}
    return {
        code: _Category(" ".join([vi, en, *(names[parent] if parent else ())]), parent or code)
        for code, parent, vi, en in rows
    }


def _certs(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(";") if c.strip()]


def _document(row: Row[Any], cat: _Category, specs: str) -> Document:
    return Document(
        id=product_id(row.id),
        type="product",
        supplier_tax_code=row.tax_code,
        sku=row.sku,
        name=row.name,
        name_en=row.name_en or "",
        category=row.category_code,
        top_category=cat.top,
        category_text=cat.text,
        specs=specs,
        description=row.description or "",
        description_en=row.description_en or "",
        supplier_text=" ".join(
            filter(None, [row.s_name, row.s_name_en, row.province, row.commune])
        ),
        province=row.province,
        commune=row.commune or "",
        origin=row.origin,
        local_content=None if row.local_content_pct is None else float(row.local_content_pct),
        price=row.price_vnd,
        verified=row.state == VerificationState.VERIFIED,
        certifications=facet_certifications(
            _certs(row.certifications), _certs(row.s_certifications)
        ),
        created=int(row.created_at.timestamp()),
        supplier_name=row.s_name,
        supplier_name_en=row.s_name_en or "",
        hs_code=row.hs_code or "",
    )


def _build(
    session: Session, stmt: Select[Any], cats: dict[str, _Category]
) -> list[tuple[int, Document | None]]:
    """(product id, its document or None when it is not searchable) for `stmt`'s rows."""
    rows = session.execute(stmt).all()
    specs = specs_texts(session, SPEC_ROWS.c.product_id.in_([r.id for r in rows])) if rows else {}
    return [
        (
            r.id,
            _document(r, cats[r.category_code], specs.get(r.id, ""))
            if r.active and r.state in SEARCHABLE_STATES
            else None,
        )
        for r in rows
    ]


def _select() -> Select[Any]:
    return select(*_COLUMNS).join(Supplier, Supplier.id == Product.supplier_id)


def product_documents(session: Session, ids: Iterable[int]) -> tuple[list[Document], list[int]]:
    """(documents of the searchable products among `ids`, ids of the others: gone,
    withdrawn or of a hidden supplier)."""
    cats = _categories(session)
    docs: list[Document] = []
    searchable: set[int] = set()
    wanted = sorted(set(ids))
    for part in chunked(wanted, BATCH):
        for pk, doc in _build(session, _select().where(Product.id.in_(part)), cats):
            if doc is not None:
                docs.append(doc)
                searchable.add(pk)
    return docs, [pk for pk in wanted if pk not in searchable]


def iter_searchable(session: Session, batch: int = BATCH) -> Iterator[list[Document]]:
    """Every searchable product's document, in id order, `batch` at a time (keyset
    pages: each statement is short, so a rebuild never holds one read open)."""
    cats = _categories(session)
    stmt = (
        _select()
        .where(Product.active.is_(True), Supplier.state.in_(SEARCHABLE_STATES))
        .order_by(Product.id)
        .limit(batch)
    )
    last = 0
    while True:
        page = _build(session, stmt.where(Product.id > last), cats)
        if not page:
            return
        last = page[-1][0]
        yield [doc for _pk, doc in page if doc is not None]
