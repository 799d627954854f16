"""A crash (kill -9) between commit and indexing, or in the middle of a drain,
loses nothing: the rows wait in the outbox and the next drain converges."""

from __future__ import annotations

import json
import os
import signal
import subprocess  # nosec B404 - the test runs its own child
import sys
from pathlib import Path

from marketplace.db import new_session
from marketplace.indexing import indexer
from marketplace.search_sync import get_backend
from marketplace.searches import services
from tests.factories import make_product, make_supplier
from tests.indexing.helpers import indexed_products, queued, search_total, seed_products

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("DATABASE_URL", "SEARCH_URL", "SECRET_KEY", "UPLOAD_FOLDER", "OUTBOX_FOLDER")


def test_a_commit_never_indexed_is_applied_by_the_next_process(make_app, monkeypatch):
    # INDEXER=worker and the process dies before the worker runs: nothing indexed.
    monkeypatch.setattr(indexer, "_wake_worker", lambda: None)
    first = make_app(INDEXER="worker")
    with first.app_context(), new_session(first) as s:
        make_product(s, make_supplier(s), name="Máy ép bùn trục vít")
    assert queued(first)
    restarted = make_app(INDEXER="worker")  # a new process: the worker drains on start
    with restarted.app_context():
        indexer.drain(restarted)
        assert search_total(restarted.test_client(), "may ep bun truc vit") == 1
    assert queued(restarted) == []


def test_a_drain_killed_midway_converges_on_the_next(app, session):
    seed_products(session, make_supplier(session), 600, "Máy thổi khí")
    settings = {k: app.config[k] for k in SETTINGS} | {"TESTING": True, "INDEXER": "inline"}
    with subprocess.Popen(  # nosec B603 - fixed arguments
        [sys.executable, "-m", "tests.indexing.drain_child", json.dumps(settings), "50"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            for _ in range(3):
                assert child.stdout.readline().startswith("batch")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    engine = app.extensions["db_engine"]
    assert 0 < indexer.pending(engine) < 601  # some applied, the rest still queued

    indexer.drain(app)
    assert indexer.pending(engine) == 0
    backend = get_backend(app)
    drained = backend.all_ids()
    assert indexed_products(app) == 600
    assert app.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0
    services.reindex(session, backend)
    assert backend.all_ids() == drained
