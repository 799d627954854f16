"""`kill -9` of the worker in the middle of committing a 100,000-product upload: the
database, the index and the outbox are as before, the upload can be confirmed
again, and that import succeeds."""

from __future__ import annotations

import os
import signal
import subprocess  # nosec B404 - the test runs the project's own worker
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.imports.models import ImportBatch, ImportUpload, UploadStatus
from marketplace.indexing.models import IndexOutbox
from marketplace.jobs.models import Job, JobStatus
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from tests.conftest import ROOT
from tests.registry.test_import_crash import _files

pytestmark = pytest.mark.slow
CONSUMER = str(Path(sys.executable).with_name("huey_consumer"))
SUBMIT = (
    "import sys; from marketplace.jobs.worker import app; from marketplace.db import new_session;"
    "from marketplace.jobs.services import submit;"
    "s = new_session(app).__enter__(); ctx = app.app_context(); ctx.push();"
    "print(submit(s, 'imports.commit', sys.argv[1], int(sys.argv[2])).id)"
)


def _wait(condition, what, timeout=120.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _status(session, job_id):  # type: ignore[no-untyped-def]
    session.expire_all()
    record = session.get(Job, job_id)
    return record.status if record else None


def test_kill_9_of_the_worker_mid_import(app, session, login_as, client, tmp_path):
    official = login_as("official")
    instance = tmp_path / "worker-instance"
    upload_id = uuid.uuid4().hex
    folder = instance / "imports" / upload_id
    folder.mkdir(parents=True)
    sup, prod, n = _files(tmp_path)
    os.rename(sup, folder / "0-s.csv")
    os.rename(prod, folder / "1-p.csv")
    session.add(
        ImportUpload(
            id=upload_id,
            kind="registry",
            owner_id=official.id,
            files=["0-s.csv", "1-p.csv"],
            status=UploadStatus.COMMITTING,
            # The preview the official confirmed (its counts; no digest: not compared).
            report={
                "counts": {"product": {"created": n, "updated": 0, "unchanged": 0, "rejected": 0}},
                "changes": {},
                "errors": [],
                "n_errors": 0,
            },
        )
    )
    session.commit()
    indexed = get_backend(app).all_ids()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "JOBS_IMMEDIATE")}
    env.update(
        APP_ENV="development",
        INSTANCE_PATH=str(instance),
        DATABASE_URL=app.config["DATABASE_URL"],
        SEARCH_URL=app.config["SEARCH_URL"],
        INDEXER="worker",
        PYTHONPATH=str(ROOT),
    )

    def worker() -> subprocess.Popen:  # type: ignore[type-arg]
        return subprocess.Popen(  # nosec B603 - our own consumer, fixed arguments
            [
                CONSUMER,
                "marketplace.jobs.worker.huey",
                "-w",
                "1",
                "-k",
                "thread",
                "-n",
                "-m",
                "0.2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def submit() -> str:
        out = subprocess.run(  # nosec B603 - fixed arguments
            [sys.executable, "-c", SUBMIT, upload_id, str(official.id)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return out.stdout.split()[-1]

    first = worker()
    try:
        job_id = submit()
        session.execute(
            ImportUpload.__table__.update()
            .values(job_id=job_id)
            .where(ImportUpload.__table__.c.id == upload_id)
        )
        session.commit()

        # On PostgreSQL a file this large writes its new products while it is being
        # checked (registry/stream.py): checking 100,000 rows takes seconds, so the
        # kill lands with writes under way and nothing committed. SQLite writes after.
        streams = str(app.config["DATABASE_URL"]).startswith("postgresql")
        stages = ("Validating", "Đang kiểm tra") if streams else ("Writing", "Đang ghi")

        def writing() -> bool:
            session.expire_all()
            return session.get(Job, job_id).stage in stages

        _wait(writing, "the import to start writing")
        time.sleep(1.5 if streams else 0.5)
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    for model, expected in ((Product, 0), (ImportBatch, 0), (IndexOutbox, 0)):
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(model)) == expected
    assert get_backend(app).all_ids() == indexed

    second = worker()  # its start-up sweep marks the killed job failed
    try:
        _wait(lambda: _status(session, job_id) == JobStatus.FAILED, "the sweep")
        page = client.get(f"/officials/imports/uploads/{upload_id}?lang=en").get_data(as_text=True)
        assert "interrupted" in page and "Confirm the import" in page
        # Confirm again, as the button does, but queued for the worker: this test
        # process runs jobs in-process (immediate mode) with another instance folder.
        session.expire_all()
        session.get(ImportUpload, upload_id).status = UploadStatus.COMMITTING
        session.commit()
        job_id = submit()
        _wait(lambda: _status(session, job_id) != JobStatus.QUEUED, "the worker to start", 60)
        _wait(
            lambda: _status(session, job_id) in (JobStatus.SUCCEEDED, JobStatus.FAILED),
            "the import",
            300,
        )
        logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("worker-*.log"))
        assert _status(session, job_id) == JobStatus.SUCCEEDED, (
            session.get(Job, job_id).message,
            logs[-3000:],
        )
    finally:
        second.kill()  # it is indexing the 100k products now: not waited for here
        second.wait(30)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Product)) == n
    assert session.get(ImportUpload, upload_id).status == UploadStatus.COMMITTED
