"""Shared by the indexing tests: what the outbox holds, products seeded set-wise."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from marketplace.db import new_session
from marketplace.indexing import outbox
from marketplace.indexing.models import IndexOutbox
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier


def queued(app: Flask) -> list[tuple[str, int, int]]:
    """(kind, pk, priority) of the outbox rows, read by a fresh session."""
    with new_session(app) as s:
        return [
            tuple(r)  # type: ignore[misc]
            for r in s.execute(
                select(IndexOutbox.kind, IndexOutbox.pk, IndexOutbox.priority).order_by(
                    IndexOutbox.id
                )
            )
        ]


def seed_products(session: Session, supplier: Supplier, n: int, name: str) -> list[int]:
    """`n` products of `supplier` inserted in one statement (no ORM flush, so nothing
    is queued), then queued as an import queues them; committed."""
    session.execute(
        insert(Product),
        [
            {
                "supplier_id": supplier.id,
                "sku": f"BULK-{i}",
                "name": f"{name} {i}",
                "category_code": "WW-SLU",
                "origin": "VN",
            }
            for i in range(n)
        ],
    )
    ids = list(session.scalars(select(Product.id).where(Product.sku.like("BULK-%"))))
    outbox.enqueue(session, products=ids, bulk=True)
    session.commit()
    return ids


def search_total(client, q: str) -> int:  # type: ignore[no-untyped-def]
    return int(client.get(f"/api/v1/search?q={q}").get_json()["total"])


def indexed_products(app: Flask) -> int:
    from marketplace.search_sync import get_backend

    return sum(doc_id.startswith("product:") for doc_id in get_backend(app).all_ids())
