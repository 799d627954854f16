"""Keep the search index in step with the database: collect changed products and
suppliers at flush, send them to the backend after commit, drop them on rollback.
An index failure is logged; it never turns a committed write into an error."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.categories.models import Category
from marketplace.products.models import Product, ProductSpec
from marketplace.searches import documents
from marketplace.suppliers.models import Supplier
from search.base import SearchBackend, open_backend

log = logging.getLogger(__name__)
_KEY = "search_pending"


def get_backend(app: Flask | None = None) -> SearchBackend:
    app = app or current_app
    backend = app.extensions.get("search_backend")
    if backend is None:
        backend = open_backend(str(app.config["SEARCH_URL"]))
        app.extensions["search_backend"] = backend
    return backend


def _pending(session: Session) -> dict[str, set[int]]:
    return session.info.setdefault(
        _KEY,
        {"products": set(), "suppliers": set(), "deleted": set(), "deleted_suppliers": set()},
    )


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx) -> None:  # type: ignore[no-untyped-def]
    pending = _pending(session)
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Product):
            pending["products"].add(obj.id)
        elif isinstance(obj, ProductSpec):
            pending["products"].add(obj.product_id)
        elif isinstance(obj, Supplier):
            pending["suppliers"].add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Product):
            pending["deleted"].add(obj.id)
            pending["suppliers"].add(obj.supplier_id)  # what it makes may change
        elif isinstance(obj, Supplier):
            pending["deleted_suppliers"].add(obj.id)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_commit")
def _apply(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if not pending or not any(pending.values()):
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return  # no app (plain scripts): `flask search reindex` catches up
    try:
        _send(app, pending)
    except Exception:
        log.exception("search index update failed; run `flask search reindex`")


def _send(app: Flask, pending: dict[str, set[int]]) -> None:
    maker = app.extensions["db_sessionmaker"]
    with maker() as s:
        stmt = select(Product).options(
            joinedload(Product.supplier),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.specs),
        )
        conds = []
        if pending["products"]:
            conds.append(Product.id.in_(pending["products"]))
        if pending["suppliers"]:
            conds.append(Product.supplier_id.in_(pending["suppliers"]))
        products = list(s.scalars(stmt.where(or_(*conds)))) if conds else []
        # A supplier's document lists the categories it makes: refresh it with its
        # products; one no longer searchable (or deleted) leaves the index.
        supplier_ids = pending["suppliers"] | {p.supplier_id for p in products}
        supplier_docs = documents.supplier_documents(s, supplier_ids) if supplier_ids else []
    backend = get_backend(app)
    keep = [documents.product_document(p) for p in products if documents.is_searchable(p)]
    keep += supplier_docs
    drop = [documents.product_id(p.id) for p in products if not documents.is_searchable(p)]
    drop += [documents.product_id(pk) for pk in pending["deleted"]]
    kept = {d.id for d in supplier_docs}
    drop += [
        sid
        for pk in supplier_ids | pending["deleted_suppliers"]
        if (sid := documents.supplier_id(pk)) not in kept
    ]
    backend.index(keep)
    backend.delete(drop)
