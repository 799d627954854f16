"""The outbox: rows commit with the change, the indexer applies and removes them."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from marketplace.config import ConfigError
from marketplace.db import new_session
from marketplace.indexing import indexer, outbox
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from tests.factories import make_product, make_supplier
from tests.indexing.helpers import indexed_products, queued, search_total, seed_products


@pytest.fixture
def worker_app(make_app, monkeypatch):
    """INDEXER=worker with the worker down: commits queue rows, nothing applies them."""
    woken = []
    monkeypatch.setattr(indexer, "_wake_worker", lambda: woken.append(1))
    app = make_app(INDEXER="worker")
    app.woken = woken  # type: ignore[attr-defined]
    with app.app_context():
        yield app


def test_a_change_queues_its_documents_in_the_same_transaction(worker_app):
    with new_session(worker_app) as s:
        supplier = make_supplier(s)
        product = make_product(s, supplier, name="Máy ép bùn băng tải")
    assert ("product", product.id, 0) in queued(worker_app)
    assert ("supplier", supplier.id, 0) in queued(worker_app)
    assert worker_app.woken  # type: ignore[attr-defined]


def test_a_rolled_back_change_queues_nothing(worker_app):
    with new_session(worker_app) as s:
        supplier = make_supplier(s)
    before = queued(worker_app)
    with new_session(worker_app) as s:
        s.add(
            Product(supplier_id=supplier.id, sku="X", name="Tên", category_code="WW", origin="VN")
        )
        s.flush()
        s.rollback()
    assert queued(worker_app) == before


def test_drain_indexes_and_empties_the_queue(worker_app):
    with new_session(worker_app) as s:
        supplier = make_supplier(s)
        make_product(s, supplier, name="Máy thổi khí con sò")
    assert get_backend(worker_app).all_ids() == set()
    assert indexer.drain(worker_app) == 2  # the product and its supplier
    assert search_total(worker_app.test_client(), "may thoi khi con so") == 1
    assert queued(worker_app) == []


def test_a_failing_index_keeps_the_rows_and_never_fails_the_save(app, session, monkeypatch, caplog):
    supplier = make_supplier(session)
    backend = get_backend(app)

    def broken(docs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(backend, "index", broken)
    with caplog.at_level(logging.ERROR):
        product = make_product(session, supplier, name="Bể tự hoại composite")  # commits fine
    assert "search index update failed" in caplog.text
    assert ("product", product.id, 0) in queued(app)
    with pytest.raises(OSError):
        indexer.drain(app)
    assert ("product", product.id, 0) in queued(app)
    monkeypatch.undo()
    indexer.drain(app)
    assert queued(app) == []
    assert search_total(app.test_client(), "be tu hoai composite") == 1


def test_inline_applies_web_saves_and_leaves_bulk_rows_to_the_import(app, session):
    supplier = make_supplier(session)
    seed_products(session, supplier, 30, "Máy nghiền nhựa")
    make_product(session, supplier, name="Lò đốt rác y tế")
    client = app.test_client()
    assert search_total(client, "lo dot rac y te") == 1
    assert indexed_products(app) == 1
    assert {priority for _, _, priority in queued(app)} == {1}
    assert indexer.after_bulk_commit(app) == 31  # the 30 products and their supplier
    assert indexed_products(app) == 31


def test_interactive_rows_jump_the_bulk_backlog(worker_app):
    with new_session(worker_app) as s:
        supplier = make_supplier(s)
        seed_products(s, supplier, 30, "Máy nghiền nhựa")
        make_product(s, supplier, name="Lò đốt rác y tế")  # queued after the bulk rows
    indexer.drain(worker_app, batch=5, max_batches=1)  # one batch, of interactive rows only
    assert search_total(worker_app.test_client(), "lo dot rac y te") == 1
    assert indexed_products(worker_app) == 1
    indexer.drain(worker_app)
    assert indexed_products(worker_app) == 31


def test_deleted_products_and_suppliers_leave_the_index(app, session):
    supplier = make_supplier(session)
    kept = make_product(session, supplier, name="Thùng rác 240 lít")
    gone = make_product(session, supplier, name="Thùng rác 660 lít")
    backend = get_backend(app)
    session.delete(gone)
    session.commit()
    assert backend.all_ids() == {f"product:{kept.id}", f"supplier:{supplier.id}"}
    session.delete(supplier)
    session.commit()
    assert backend.all_ids() == set()


def test_a_supplier_change_reaches_its_products(app, session):
    supplier = make_supplier(session, province="Hà Nội")
    make_product(session, supplier, name="Cyclone tách bụi")
    supplier.province = "Bắc Ninh"
    session.commit()
    assert search_total(app.test_client(), "cyclone bac ninh") == 1


def test_large_id_lists_are_queued_in_chunks(app, session):
    # More ids than PostgreSQL's driver takes as parameters in one statement.
    outbox.enqueue(session, products=range(1, 70_001), bulk=True)
    session.commit()
    assert indexer.pending(app.extensions["db_engine"]) == 70_000
    with new_session(app) as s:
        assert s.scalar(select(Product.id)) is None


def test_status_and_drain_commands(app, session):
    supplier = make_supplier(session)
    seed_products(session, supplier, 3, "Máy thổi khí")
    runner = app.test_cli_runner()
    assert "bulk: 4 queued" in runner.invoke(args=["search", "status"]).output
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0 and "Sent 4 documents" in result.output
    assert "empty" in runner.invoke(args=["search", "status"]).output
    assert search_total(app.test_client(), "may thoi khi") == 3


def test_worker_mode_hands_the_queue_to_the_task_queue(make_app):
    app = make_app(INDEXER="worker")  # tests run huey in immediate mode: the task runs now
    with app.app_context(), new_session(app) as s:
        make_product(s, make_supplier(s), name="Máy nghiền nhựa PET")
        assert queued(app) == []
        assert search_total(app.test_client(), "may nghien nhua pet") == 1


def test_an_unknown_indexer_setting_is_refused(make_app):
    with pytest.raises(ConfigError, match="INDEXER='cron' is not known"):
        make_app(INDEXER="cron")


def test_bulk_batches_shrink_to_keep_web_saves_waiting_briefly():
    assert indexer._next_size(2000, 2000, 2.0, 2000) == 1000  # 0.75 s of work, at most halved
    assert indexer._next_size(2000, 2000, 1.0, 2000) == 1500
    assert indexer._next_size(500, 500, 0.1, 2000) == 1000  # grows, at most twice
    assert indexer._next_size(300, 300, 60.0, 2000) == indexer.MIN_BATCH
    assert indexer._next_size(2000, 10, 5.0, 2000) == 2000  # a short batch says nothing


def test_a_large_bulk_backlog_is_caught_up_by_a_rebuild(make_app, monkeypatch):
    from marketplace.db import new_session
    from marketplace.indexing import indexer, outbox, rebuild
    from marketplace.search_sync import get_backend
    from tests.factories import make_product, make_supplier

    app = make_app(INDEX_REBUILD_MIN_ROWS=3)
    calls = []
    original = rebuild.rebuild
    monkeypatch.setattr(rebuild, "rebuild", lambda *a, **k: calls.append(1) or original(*a, **k))
    with app.app_context(), new_session(app) as session:
        supplier = make_supplier(session)
        products = [make_product(session, supplier).id for _ in range(3)]
        get_backend(app).rebuild([])  # as if those changes had never been indexed
        outbox.enqueue_documents(session, products=products, suppliers=[supplier.id], bulk=True)
        session.commit()  # inline: bulk rows wait for a drain
        assert indexer.pending(app.extensions["db_engine"]) == 4
        indexer.drain(app)
    assert calls == [1]
    assert len(get_backend(app).all_ids()) == 4
    assert indexer.pending(app.extensions["db_engine"]) == 0
