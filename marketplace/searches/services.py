"""Search use cases: run a query and load the rows in rank order; rebuild and check."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import Engine, Select, bindparam, select
from sqlalchemy.orm import Session

from marketplace.db import new_session
from marketplace.indexing import rebuild
from marketplace.pagination import paginate
from marketplace.products.models import Product
from marketplace.products.queries import (
    RESULT_PRODUCTS,
    SORTS,
    load_photos,
    load_snippet_specs,
    select_public_products,
)
from marketplace.searches import documents, fallback
from marketplace.searches.result_rows import (
    ResultProduct,
    ResultSupplier,
    load_result_products,
    load_result_suppliers,
)
from marketplace.suppliers.models import Supplier
from marketplace.suppliers.queries import select_suppliers
from search.base import Drift, IndexUnavailable, Query, Results, SearchBackend, chunked

log = logging.getLogger(__name__)


@dataclass
class SearchPage:
    results: Results
    products: list[tuple[Product, float]]
    degraded: bool = False  # the index was unreadable: a plain database search answered


_rebuilding = threading.Lock()
# While the index stays unreadable, a rebuild is tried again at most this often.
RETRY_REBUILD_SECONDS = 60.0


class _Outage:
    """This process answering without the index: logged when it begins and when it
    ends (not once a search), with a rebuild started at its beginning and retried
    now and then (when another process's rebuild failed)."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.tried = 0.0
        self._lock = threading.Lock()

    def failed(self, exc: IndexUnavailable) -> bool:
        """Note a search the index could not answer; True: start a rebuild."""
        now = time.monotonic()
        with self._lock:
            if self.since is None:
                self.since = now
                log.warning(
                    "search index unavailable (%s): answering from the database until "
                    "it is rebuilt",
                    exc,
                )
            if self.tried and now - self.tried < RETRY_REBUILD_SECONDS:
                return False
            self.tried = now
            return True

    def answered(self) -> None:
        if self.since is None:
            return
        with self._lock:
            if self.since is not None:
                log.warning(
                    "search index available again after %.0f s", time.monotonic() - self.since
                )
                self.since, self.tried = None, 0.0


def _outage() -> _Outage:
    return current_app.extensions.setdefault("search_outage", _Outage())  # type: ignore[no-any-return]


def _search(backend: SearchBackend, query: Query) -> Results | None:
    """The backend's answer, or None when the index cannot be read (then rebuilt in
    the background, once for the whole outage)."""
    outage = _outage()
    try:
        results = backend.search(query)
    except IndexUnavailable as exc:
        if outage.failed(exc):
            _rebuild_in_background(backend)
        return None
    outage.answered()
    return results


def search_products(
    session: Session, backend: SearchBackend, query: Query, locale: str = "en"
) -> SearchPage:
    """Run `query`; rows come back from the database in the backend's rank order
    (rows gone since indexing are skipped), with what a result on a page in `locale`
    shows loaded. While the index cannot be read it is rebuilt in the background and
    names are matched in the database (degraded)."""
    results = _search(backend, query)
    if results is None:
        return _database_search(session, query)
    ordered = _in_rank_order(session, results, RESULT_PRODUCTS)
    shown = [p for p, _score in ordered]
    load_photos(session, shown)
    load_snippet_specs(session, shown, locale)
    return SearchPage(results=results, products=ordered)


@dataclass
class ResultPage:
    results: Results
    products: list[tuple[ResultProduct, float]]
    degraded: bool = False


def search_result_page(
    session: Session, backend: SearchBackend, query: Query, locale: str
) -> ResultPage:
    """search_products for the results page: each product as its card shows it
    (result_rows), read in one statement of plain columns."""
    results = _search(backend, query)
    if results is None:
        found = _database_search(session, query)
        cards = [(ResultProduct.of(p), score) for p, score in found.products]
        return ResultPage(found.results, cards, degraded=True)
    scored = [(documents.document_pk(h.id), h.score) for h in results.hits]
    rows = load_result_products(session, [pk for pk, _ in scored], locale)
    return ResultPage(results, [(rows[pk], score) for pk, score in scored if pk in rows])


@dataclass
class SupplierPage:
    results: Results
    suppliers: list[tuple[Supplier, float]]
    degraded: bool = False


def search_suppliers(session: Session, backend: SearchBackend, query: Query) -> SupplierPage:
    """Suppliers for `query` (its names, what it makes, where it is), best first; an
    unreadable index is rebuilt in the background while names are matched in the
    database."""
    query = replace(query, type="supplier", per_supplier=0)
    results = _search(backend, query)
    if results is None:
        return _database_suppliers(session, query)
    return SupplierPage(results, _in_rank_order(session, results, RESULT_SUPPLIERS))


@dataclass
class SupplierStrip:
    results: Results
    suppliers: list[tuple[ResultSupplier, float]]
    degraded: bool = False


def search_supplier_strip(session: Session, backend: SearchBackend, query: Query) -> SupplierStrip:
    """search_suppliers for the results page's strip of suppliers: each as its card
    shows it (result_rows), read in one statement of plain columns."""
    query = replace(query, type="supplier", per_supplier=0)
    results = _search(backend, query)
    if results is None:
        found = _database_suppliers(session, query)
        cards = [(ResultSupplier.of(s), score) for s, score in found.suppliers]
        return SupplierStrip(found.results, cards, degraded=True)
    scored = [(documents.document_pk(h.id), h.score) for h in results.hits]
    rows = load_result_suppliers(session, [pk for pk, _ in scored])
    return SupplierStrip(results, [(rows[pk], score) for pk, score in scored if pk in rows])


def _database_suppliers(session: Session, query: Query) -> SupplierPage:
    """Suppliers whose names hold the words typed (see _database_search)."""
    stmt, ignored = fallback.narrow(
        session,
        select_suppliers(province=query.all_filters().get("province")),
        query.text,
        names=[Supplier.name, Supplier.name_en],
        english=[Supplier.name_en],
        then=(Supplier.name, Supplier.id),
    )
    page = paginate(session, stmt, query.page, query.per_page)
    return SupplierPage(
        Results(page.total, [], {}, ignored=ignored),
        [(s, 0.0) for s in page.items],
        degraded=True,
    )


# Built once per process (see products.queries.RESULT_PRODUCTS).
RESULT_SUPPLIERS = select(Supplier).where(Supplier.id.in_(bindparam("ids", expanding=True)))


def _in_rank_order(session: Session, results: Results, stmt: Select[Any]) -> list[Any]:
    """(row, score) for the hits, in the backend's rank order: `stmt` selects the
    model the hits are documents of, those whose id is in the bound `ids`; rows gone
    since indexing are skipped."""
    scored = [(documents.document_pk(h.id), h.score) for h in results.hits]
    ids = [pk for pk, _ in scored]
    rows = {r.id: r for r in session.scalars(stmt, {"ids": ids})} if ids else {}
    return [(rows[pk], score) for pk, score in scored if pk in rows]


def _rebuild_in_background(backend: SearchBackend) -> None:
    """Rebuild an unreadable index in a thread (one per process; `reindex` keeps
    changes committed meanwhile)."""
    if not _rebuilding.acquire(blocking=False):
        return  # one rebuild at a time per process
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        try:
            with app.app_context(), new_session(app) as session:
                reindex(session, backend, wait=False)
            log.warning("search index rebuilt")
        except rebuild.RebuildRunning:
            log.info("another process is rebuilding the search index")
        except Exception:
            log.exception("background search index rebuild failed")
        finally:
            _rebuilding.release()

    threading.Thread(target=run, name="search-rebuild", daemon=True).start()


def _database_search(session: Session, query: Query) -> SearchPage:
    """Products whose names (Vietnamese or English) hold the words typed, with or
    without diacritics (see fallback), best match then newest first: enough to keep
    the site useful for the minute a rebuild takes."""
    stmt, ignored = fallback.narrow(
        session,
        select_public_products(category=query.category, sort="newest"),
        query.text,
        names=[Product.name, Product.name_en],
        english=[Product.name_en],
        then=SORTS["newest"],
    )
    page = paginate(session, stmt, query.page, query.per_page)
    results = Results(total=page.total, hits=[], facets={}, ignored=ignored)
    return SearchPage(results=results, products=[(p, 0.0) for p in page.items], degraded=True)


def reindex(
    session: Session,
    backend: SearchBackend,
    progress: Callable[[int], None] | None = None,
    *,
    wait: bool = True,
    on_wait: Callable[[], object] | None = None,
) -> int | None:
    """Rebuild the whole index from the database (the source of truth); the number
    of documents written. Nothing committed meanwhile is lost, and web saves made
    meanwhile are searchable within a second (see marketplace.indexing.rebuild).
    One process rebuilds at a time: while another does, raises RebuildRunning
    (`wait=False`) or calls `on_wait()`, waits for it and returns None."""
    session.commit()  # the caller's changes are queued, so the rebuild covers them
    engine = session.get_bind()
    if not isinstance(engine, Engine):  # a session bound to one connection
        engine = engine.engine
    return rebuild.rebuild(engine, backend, progress, wait=wait, on_wait=on_wait)


def check(
    session: Session, backend: SearchBackend, *, repair: bool = False
) -> tuple[Drift, Drift | None]:
    """Compare the index with the database: documents missing, extra, or held with
    content the database no longer gives (stale), and stored statistics that differ
    from the documents'. With `repair`, mend that drift without a rebuild: write the
    missing and stale documents as the database gives them now, delete the extra
    ones, recompute the statistics; then check again. Returns (the drift found, the
    drift left after the repair or None). Raises IndexUnavailable when the index
    cannot be read (then only `reindex` helps)."""
    found = backend.verify(
        itertools.chain(
            documents.iter_product_documents(session), documents.supplier_documents(session)
        )
    )
    if not repair:
        return found, None
    if found.clean:
        return found, found
    changed = found.missing | found.stale
    for part in chunked(sorted(changed)):
        backend.index(documents.current_documents(session, part))
    backend.delete(sorted(found.extra))
    if found.statistics:
        backend.repair_statistics()
    log.warning(
        "search index repaired: %d documents written, %d deleted%s",
        len(changed),
        len(found.extra),
        ", statistics recomputed" if found.statistics else "",
    )
    left = backend.verify(
        itertools.chain(
            documents.iter_product_documents(session), documents.supplier_documents(session)
        )
    )
    return found, left
