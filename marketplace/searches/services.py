"""Search use cases: run a query and load the rows in rank order; rebuild and check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.products.models import Product
from marketplace.searches import documents
from search.base import Query, Results, SearchBackend


@dataclass
class SearchPage:
    results: Results
    products: list[tuple[Product, float]]


def search_products(session: Session, backend: SearchBackend, query: Query) -> SearchPage:
    """Run `query`; rows come back from the database in the backend's rank order
    (rows gone since indexing are skipped)."""
    results = backend.search(query)
    ids = [int(h.id.split(":")[1]) for h in results.hits if h.id.startswith("product:")]
    rows = (
        {
            p.id: p
            for p in session.scalars(
                select(Product)
                .where(Product.id.in_(ids))
                .options(joinedload(Product.supplier), joinedload(Product.category))
            )
        }
        if ids
        else {}
    )
    ordered = [
        (rows[int(h.id.split(":")[1])], h.score)
        for h in results.hits
        if h.id.startswith("product:") and int(h.id.split(":")[1]) in rows
    ]
    return SearchPage(results=results, products=ordered)


def reindex(
    session: Session, backend: SearchBackend, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the whole index from the database (the source of truth)."""
    docs = []
    for doc in documents.iter_product_documents(session):
        docs.append(doc)
        if progress:
            progress(1)
    backend.rebuild(docs)
    return len(docs)


def check(session: Session, backend: SearchBackend) -> tuple[set[str], set[str]]:
    """(missing from the index, stale in the index)."""
    wanted = {d.id for d in documents.iter_product_documents(session)}
    present = backend.all_ids()
    return wanted - present, present - wanted
