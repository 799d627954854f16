"""Serving while the index cannot be read (deleted, damaged, outdated): names are
matched in the database as the index would match them, the answer says it is
degraded, the outage is logged once, and only one process rebuilds."""

from __future__ import annotations

import logging
import threading

import pytest

from marketplace.indexing import rebuild
from marketplace.indexing.lock import REBUILD, exclusive
from marketplace.search_sync import get_backend
from marketplace.searches import services
from search.base import IndexUnavailable, Query
from tests.search.test_search_page import catalogue  # noqa: F401 - fixture


@pytest.fixture
def rebuilds(app, monkeypatch) -> list[object]:
    """The index cannot be read; background rebuilds are recorded, not run."""
    started: list[object] = []

    def unreadable(query: Query):  # type: ignore[no-untyped-def]
        raise IndexUnavailable("search index at /tmp/ix cannot be read")

    monkeypatch.setattr(get_backend(app), "search", unreadable)
    monkeypatch.setattr(services, "_rebuild_in_background", started.append)
    return started


def _search(client, q: str, **params: str) -> dict:  # type: ignore[no-untyped-def]
    return client.get("/api/v1/search", query_string={"q": q, **params}).get_json()


def _names(data: dict) -> list[str]:
    return [r["name"] for r in data["results"]]


def test_a_query_without_diacritics_finds_products_while_degraded(client, catalogue, rebuilds):  # noqa: F811
    data = _search(client, "may ep bun")
    assert data["degraded"] is True
    assert sorted(_names(data)) == ["Máy ép bùn băng tải 1500 mm", "Máy ép bùn trục vít"]


def test_purchase_wording_is_set_aside_while_degraded(client, catalogue, rebuilds):  # noqa: F811
    data = _search(client, "cần mua máy ép bùn giá rẻ")
    assert sorted(_names(data)) == ["Máy ép bùn băng tải 1500 mm", "Máy ép bùn trục vít"]
    assert data["ignored_words"]


def test_an_english_query_finds_products_while_degraded(client, catalogue, rebuilds):  # noqa: F811
    assert _names(_search(client, "belt filter presses")) == ["Máy ép bùn băng tải 1500 mm"]
    assert _names(_search(client, "wheelie bins")) == ["Thùng rác nhựa 240 lít"]


def test_words_match_whole_words_best_match_first(client, catalogue, rebuilds):  # noqa: F811
    # "ep" is not the end of "thép"; the product matching more words comes first.
    data = _search(client, "máy ép bùn băng tải")
    assert _names(data)[0] == "Máy ép bùn băng tải 1500 mm"
    assert _names(_search(client, "thung rac")) == ["Thùng rác nhựa 240 lít"]


def test_suppliers_are_found_without_diacritics_while_degraded(client, catalogue, rebuilds):  # noqa: F811
    data = _search(client, "moi truong kinh bac", type="supplier")
    assert data["degraded"] is True
    assert _names(data) == ["Công ty CP Môi trường Kinh Bắc"]


def test_an_answer_from_the_index_is_not_degraded(client, catalogue):  # noqa: F811
    data = _search(client, "may ep bun")
    assert data["degraded"] is False and data["total"] == 2


@pytest.mark.engine_independent
def test_the_pages_say_results_are_degraded(client, catalogue, rebuilds):  # noqa: F811
    html = client.get("/search?q=may+ep+bun&lang=en").get_data(as_text=True)
    assert "Search is being rebuilt" in html and "Máy ép bùn trục vít" in html
    html = client.get("/search?q=kinh+bac&type=supplier&lang=en").get_data(as_text=True)
    assert "only match supplier names" in html and "1 suppliers found" in html


def test_an_outage_is_logged_once_and_rebuilt_once(app, client, catalogue, rebuilds, caplog):  # noqa: F811
    caplog.set_level(logging.WARNING, logger="marketplace.searches.services")
    for q in ("may ep bun", "thung rac", "belt filter"):
        assert _search(client, q)["degraded"] is True
    warnings = [r for r in caplog.records if r.name == "marketplace.searches.services"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # no traceback a search
    assert len(rebuilds) == 1
    # The index answers again: the end of the outage is logged, once.
    del get_backend(app).search
    assert _search(client, "may ep bun")["degraded"] is False
    _search(client, "thung rac")
    messages = [r.getMessage() for r in caplog.records if r.name == warnings[0].name]
    assert len(messages) == 2 and "available again" in messages[1]


@pytest.fixture
def another_rebuild(app):  # type: ignore[no-untyped-def]
    """Another process rebuilding: the rebuild lock held by another thread until
    `.set()` is called on the event yielded."""
    engine = app.extensions["db_engine"]
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(engine, name=REBUILD):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    yield release
    release.set()
    holder.join(30)


def test_a_second_rebuild_is_told_another_is_running(app, session, catalogue, another_rebuild):  # noqa: F811
    with pytest.raises(rebuild.RebuildRunning):
        services.reindex(session, get_backend(app), wait=False)


def test_a_second_rebuild_waits_and_does_not_repeat_it(
    app,
    session,
    catalogue,  # noqa: F811
    another_rebuild,
    monkeypatch,
):
    backend = get_backend(app)
    monkeypatch.setattr(backend, "rebuild", lambda *a, **k: pytest.fail("rebuilt twice"))
    assert services.reindex(session, backend, on_wait=another_rebuild.set) is None


def test_reindex_says_another_rebuild_is_running(app, catalogue, another_rebuild, monkeypatch):  # noqa: F811
    from marketplace.searches import cli

    echo = cli.click.echo

    def echo_and_release(message=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        echo(message, *args, **kwargs)
        if message and "Another process is rebuilding" in str(message):
            another_rebuild.set()

    monkeypatch.setattr(cli.click, "echo", echo_and_release)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Another process is rebuilding the search index" in result.output
    assert "rebuilt by the other process" in result.output


def test_the_worker_catch_up_leaves_a_running_rebuild_alone(make_app, monkeypatch):
    from marketplace.db import new_session
    from marketplace.indexing import indexer, outbox
    from tests.factories import make_product, make_supplier

    app = make_app(INDEX_REBUILD_MIN_ROWS=3)
    backend = get_backend(app)
    monkeypatch.setattr(backend, "rebuild", lambda *a, **k: pytest.fail("rebuilt twice"))
    engine = app.extensions["db_engine"]
    with app.app_context(), new_session(app) as session:
        supplier = make_supplier(session)
        products = [make_product(session, supplier).id for _ in range(3)]
        outbox.enqueue_documents(session, products=products, suppliers=[supplier.id], bulk=True)
        session.commit()
        held, release = threading.Event(), threading.Event()

        def other_process_rebuilding() -> None:
            with exclusive(engine, name=REBUILD):
                held.set()
                release.wait(30)

        holder = threading.Thread(target=other_process_rebuilding)
        holder.start()
        held.wait(30)
        try:
            # The backlog is worth a rebuild, but one is running: drained in batches.
            assert indexer.drain(app) == 4
        finally:
            release.set()
            holder.join(30)
    assert indexer.pending(engine) == 0
