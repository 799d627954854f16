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
