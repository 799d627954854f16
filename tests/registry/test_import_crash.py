"""`kill -9` of `flask registry import` in the middle of writing a 100,000-product
import: the database, the index and the search outbox are as before the import,
and running it again succeeds."""

from __future__ import annotations

import os
import signal
import subprocess  # nosec B404 - the test runs the project's own CLI
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.import_bench import make_files
from marketplace.imports.models import ImportBatch
from marketplace.indexing.models import IndexOutbox
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from marketplace.suppliers.models import Supplier
from tests.conftest import ROOT
from tests.factories import make_product, make_supplier

pytestmark = pytest.mark.slow
N = 100_000


def _files(folder: Path) -> tuple[Path, Path, int]:
    _suppliers, n = make_files(folder, N, changed=False)
    return folder / "suppliers.csv", folder / "products.csv", n


def _counts(session):
    session.expire_all()
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Supplier, Product, ImportBatch, IndexOutbox)
    )


def test_kill_9_while_writing_leaves_everything_as_before(app, session, tmp_path):
    existing = make_supplier(session, name="Công ty Có Sẵn")
    make_product(session, existing, name="Máy ép bùn có sẵn")
    before = _counts(session)
    assert before[2:] == (0, 0)  # the change above is already indexed
    indexed = get_backend(app).all_ids()
    assert len(indexed) == 2  # the product and its supplier
    sup, prod, n = _files(tmp_path)
    assert n > 99_000
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SEARCH_URL": app.config["SEARCH_URL"],
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "INDEXER": "worker",  # the re-run leaves indexing to the worker: not timed here
    }
    cmd = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "registry",
        "import",
        str(sup),
        str(prod),
    ]
    with subprocess.Popen(  # nosec B603 - fixed arguments
        cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as child:
        assert child.stderr is not None
        for line in child.stderr:
            if line.startswith("Writing"):
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _counts(session) == before
    assert get_backend(app).all_ids() == indexed

    rerun = subprocess.run(  # nosec B603 - fixed arguments
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    suppliers, products, batches, queued = _counts(session)
    assert products == before[1] + n and batches == 1
    assert queued >= n  # every new product waits in the outbox for the indexer
