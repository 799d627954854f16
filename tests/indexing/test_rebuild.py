"""A rebuild (`flask search reindex`, the automatic one) keeps changes committed
while it runs: they stay queued and are applied once the new index is in."""

from __future__ import annotations

from marketplace.db import new_session
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from marketplace.searches import services
from marketplace.suppliers.models import Supplier
from tests.factories import make_product, make_supplier
from tests.indexing.helpers import queued, search_total


def test_changes_committed_during_a_rebuild_are_searchable_after_it(app, session):
    supplier = make_supplier(session)
    first = make_product(session, supplier, name="Máy ép bùn băng tải")
    make_product(session, supplier, name="Máy thổi khí con sò")
    done = []

    def commit_meanwhile(_n: int) -> None:
        # Called once the rebuild has read the first product.
        if done:
            return
        done.append(True)
        with new_session(app) as other:
            other.get(Product, first.id).name = "Bể lắng lamen"  # type: ignore[union-attr]
            other.commit()
            make_product(other, other.get(Supplier, supplier.id), name="Lò đốt rác y tế")

    services.reindex(session, get_backend(app), progress=commit_meanwhile)
    client = app.test_client()
    assert search_total(client, "be lang lamen") == 1
    assert search_total(client, "lo dot rac y te") == 1
    assert queued(app) == []


def test_rows_queued_before_a_rebuild_are_covered_by_it(make_app, monkeypatch):
    from marketplace.indexing import indexer

    monkeypatch.setattr(indexer, "_wake_worker", lambda: None)
    app = make_app(INDEXER="worker")
    with app.app_context(), new_session(app) as s:
        make_product(s, make_supplier(s), name="Thùng rác composite 240 lít")
        assert queued(app)
        services.reindex(s, get_backend(app))
        assert queued(app) == []
        assert search_total(app.test_client(), "thung rac composite") == 1


def test_a_web_save_during_a_rebuild_is_searchable_before_it_ends(app, session, monkeypatch):
    from search.base import Query
    from search.ticker import Ticker

    monkeypatch.setattr(Ticker, "SECONDS", 0.0)  # the build's hook runs after every document
    supplier = make_supplier(session)
    first = make_product(session, supplier, name="Máy ép bùn băng tải")
    backend = get_backend(app)
    found: list[int] = []  # hits under the new name after each batch

    def save_then_look(_n: int) -> None:
        # Called after each batch the rebuild read: the products, then the suppliers.
        if not found:
            with new_session(app) as other:
                other.get(Product, first.id).name = "Bể lắng lamen"  # type: ignore[union-attr]
                other.commit()  # its own drain finds the indexer busy: the rows stay queued
        hits = backend.search(Query(text="be lang lamen")).hits
        found.append(sum(h.name == "Bể lắng lamen" for h in hits))

    services.reindex(session, backend, progress=save_then_look)
    assert found[0] == 0 and found[-1] == 1  # written to the live index during the build
    assert search_total(app.test_client(), "be lang lamen") == 1  # and to the new one
    assert queued(app) == []
