"""Keep the search index in step with the database: changed products and suppliers
are queued in the search outbox at flush, in the transaction of the change (a
rollback drops them with it); after the commit the indexer applies them (see
`marketplace.indexing.indexer`). An index failure is logged and leaves the rows
queued; it never turns a committed write into an error."""

from __future__ import annotations

from weakref import WeakValueDictionary

from flask import Flask, current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from marketplace.indexing import indexer, outbox
from marketplace.products.models import Product, ProductSpec
from marketplace.suppliers.models import Supplier
from search import open_backend
from search.base import SearchBackend

_GONE = "indexing_deleted_products"  # session.info: (product, supplier) cascaded away
# Engine id -> its app: the sessions to watch and the app whose indexer to wake.
_apps: WeakValueDictionary[int, Flask] = WeakValueDictionary()


def get_backend(app: Flask | None = None) -> SearchBackend:
    app = app or current_app
    backend = app.extensions.get("search_backend")
    if backend is None:
        backend = open_backend(str(app.config["SEARCH_URL"]))
        app.extensions["search_backend"] = backend
    return backend


def init_app(app: Flask) -> None:
    """Queue index changes of the sessions on `app`'s engine (whichever sessionmaker
    made them); apply them after commit."""
    from marketplace.indexing import tasks  # noqa: F401 - registers the worker's tasks

    indexer.mode(app)  # refuse an unknown INDEXER at start-up
    _apps[id(app.extensions["db_engine"])] = app
    for name, listener in (
        ("before_flush", _before_flush),
        ("after_flush", _collect),
        ("after_commit", _apply),
        ("after_rollback", _discard),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _app_of(session: Session) -> Flask | None:
    """The app whose database `session` writes to; None for other databases (their
    schema may have no outbox)."""
    return _apps.get(id(session.bind)) if session.bind is not None else None


def _before_flush(session: Session, _ctx, _instances) -> None:  # type: ignore[no-untyped-def]
    if _app_of(session) is None:
        return
    # The database deletes a deleted supplier's products (ON DELETE CASCADE): note
    # them while they can still be read.
    ids = [obj.id for obj in session.deleted if isinstance(obj, Supplier) and obj.id]
    if ids:
        rows = session.execute(
            select(Product.id, Product.supplier_id).where(Product.supplier_id.in_(ids))
        )
        session.info.setdefault(_GONE, []).extend(tuple(r) for r in rows)


def _collect(session: Session, _ctx) -> None:  # type: ignore[no-untyped-def]
    if _app_of(session) is None:
        return
    products: set[int] = set()
    suppliers: set[int] = set()
    deleted: list[tuple[int, int]] = session.info.pop(_GONE, [])
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Product):
            products.add(obj.id)
        elif isinstance(obj, ProductSpec):
            products.add(obj.product_id)
        elif isinstance(obj, Supplier):
            suppliers.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Product):
            deleted.append((obj.id, obj.supplier_id))
        elif isinstance(obj, ProductSpec):
            products.add(obj.product_id)
        elif isinstance(obj, Supplier):
            suppliers.add(obj.id)
    if products or suppliers or deleted:
        outbox.enqueue(session, products=products, suppliers=suppliers, deleted_products=deleted)


def _apply(session: Session) -> None:
    priority = outbox.take_enqueued(session)
    app = _app_of(session)
    if priority is not None and app is not None:
        indexer.after_commit(app, priority)


def _discard(session: Session) -> None:
    outbox.take_enqueued(session)
    session.info.pop(_GONE, None)
