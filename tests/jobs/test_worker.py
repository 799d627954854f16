"""The real worker: `huey_consumer` in a subprocess runs jobs, and after a `kill -9`
mid-job the next worker start marks the job failed with nothing stored."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine

from marketplace.jobs.models import Job
from marketplace.suppliers.models import Supplier
from tests import factories
from tests.conftest import ROOT

TIMEOUT = 30.0
CONSUMER = str(Path(sys.executable).with_name("huey_consumer"))


@pytest.fixture
def worker_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "JOBS_IMMEDIATE")}
    env.update(
        APP_ENV="development",
        INSTANCE_PATH=str(tmp_path / "worker-instance"),
        DATABASE_URL=database_url,
        SEARCH_URL=database_url
        if database_url.startswith("postgresql")
        else f"whoosh:///{tmp_path / 'worker-index'}",
        SECRET_KEY="test-secret-key",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def start_worker(
    worker_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[[], subprocess.Popen]]:
    started: list[subprocess.Popen] = []

    def _start() -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        proc = subprocess.Popen(  # noqa: S603 - our own consumer, fixed arguments
            [
                CONSUMER,
                "tests.jobs.consumer_app.huey",
                "-w",
                "1",
                "-k",
                "thread",
                "-n",
                "-m",
                "0.2",
            ],
            cwd=ROOT,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        started.append(proc)
        return proc

    yield _start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def submit_from_another_process(env: dict[str, str], *args: str) -> list[str]:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.jobs.consumer_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return out.stdout.split()


def wait_for(condition: Callable[[], object], what: str, logs: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    worker_logs = "\n".join(
        p.read_text(errors="replace") for p in sorted(logs.glob("worker-*.log"))
    )
    pytest.fail(f"timed out waiting for {what}; worker output:\n{worker_logs}")


def job_row(engine: Engine, job_id: str) -> dict:
    with engine.connect() as conn:
        row = (
            conn.execute(select(Job.__table__).where(Job.__table__.c.id == job_id))
            .mappings()
            .first()
        )
    return dict(row) if row else {}


def suppliers_with(engine: Engine, tax_code: str) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).where(Supplier.__table__.c.tax_code == tax_code))


def test_the_worker_module_builds_the_app(tmp_path: Path) -> None:
    unset = ("REDIS_URL", "JOBS_IMMEDIATE", "DATABASE_URL", "SEARCH_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(APP_ENV="development", INSTANCE_PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    code = (
        "import marketplace.jobs.worker as w; "
        "print(type(w.huey).__name__, w.huey.immediate, w.app.name, w.app.testing)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    assert out.stdout.split() == ["SqliteHuey", "False", "marketplace", "False"]
    assert (tmp_path / "jobs.sqlite3").exists()


def test_a_real_worker_runs_a_job_and_a_killed_one_is_marked_failed(
    start_worker, worker_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    worker = start_worker()
    tax_code, blocked_tax_code = factories.valid_tax_code(), factories.valid_tax_code()
    marker = tmp_path / "written"
    # One worker thread: the second job starts when the first has finished.
    job_id, blocked_id = submit_from_another_process(
        worker_env, "tests.write", tax_code, "+", "tests.block", blocked_tax_code, str(marker)
    )
    wait_for(lambda: job_row(engine, job_id).get("status") == "succeeded", "the job", tmp_path)
    assert job_row(engine, job_id)["result"] == {"tax_code": tax_code}
    assert suppliers_with(engine, tax_code) == 1

    # A job that has written a row and is still running when its worker is killed.
    wait_for(marker.exists, "the job to write", tmp_path)
    job_id, tax_code = blocked_id, blocked_tax_code
    row = job_row(engine, job_id)
    assert row["status"] == "running"
    assert (row["progress_done"], row["progress_total"], row["stage"]) == (3, 10, "Writing")
    worker.send_signal(signal.SIGKILL)
    worker.wait(TIMEOUT)
    assert job_row(engine, job_id)["status"] == "running"

    start_worker()
    wait_for(lambda: job_row(engine, job_id).get("status") == "failed", "the sweep", tmp_path)
    assert job_row(engine, job_id)["message"] == (
        "The job was interrupted before it finished; nothing was stored."
    )
    assert suppliers_with(engine, tax_code) == 0
    with engine.connect() as conn:  # the database answers normally afterwards
        assert conn.scalar(text("SELECT 1")) == 1
