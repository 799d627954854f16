"""Progress a running job reports, visible to pollers while its own transaction is open.

Each report is written twice, neither inside the task's transaction:
- to the `jobs` row, on a connection of its own that commits at once;
- to the queue's key-value store (the SQLite file under instance/, or Redis).
The second copy matters on SQLite, where a task that has started writing holds the
database's only write lock until it commits: the row update then gives up at once
(it must never stall the task), and pollers read the copy instead.
A heartbeat thread repeats the last report, so a job whose worker died is recognised.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime
from typing import Any

from flask import Flask
from huey.constants import EmptyData
from sqlalchemy import create_engine, update
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from marketplace.db import utcnow
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.queue import huey

log = logging.getLogger(__name__)

_identity: tuple[int, str] | None = None


def worker_id() -> str:
    """ "host:pid:token" of this process; the token tells a reused pid apart."""
    global _identity
    if _identity is None or _identity[0] != os.getpid():  # new after a fork
        _identity = (os.getpid(), uuid.uuid4().hex[:12])
    return f"{socket.gethostname()}:{_identity[0]}:{_identity[1]}"


def progress_engine(app: Flask) -> Engine:
    """The engine progress reports use: on SQLite one that does not wait for the write
    lock (the report is skipped, the queue's copy answers; the task must not wait)."""
    engine: Engine | None = app.extensions.get("jobs_progress_engine")
    if engine is None:
        main: Engine = app.extensions["db_engine"]
        if main.dialect.name == "sqlite":
            engine = create_engine(main.url, connect_args={"timeout": 0}, poolclass=NullPool)
        else:
            engine = main
        app.extensions["jobs_progress_engine"] = engine
    return engine


def _key(job_id: str) -> str:
    return f"marketplace-job-progress:{job_id}"


def read_report(job_id: str) -> dict[str, Any] | None:
    """The latest report kept in the queue's store for a running job, if any."""
    try:
        data = huey.storage.peek_data(_key(job_id))
    except Exception:  # noqa: BLE001 - the row's copy still answers
        log.warning("could not read the progress of job %s from the queue", job_id, exc_info=True)
        return None
    if data is EmptyData or data is None:
        return None
    report = json.loads(data)
    report["at"] = datetime.fromisoformat(report["at"])
    return report


def discard_report(job_id: str) -> None:
    try:
        huey.storage.pop_data(_key(job_id))
    except Exception:  # noqa: BLE001 - a stale copy is ignored once the job has finished
        log.warning("could not remove the progress of job %s", job_id, exc_info=True)


class Progress:
    """Handed to a job function: `set_total(n)`, `advance(k)`, `set_done(n)`,
    `stage(label)`. Reports are throttled (JOBS_PROGRESS_INTERVAL seconds) and never
    raise: a report that cannot be written is skipped and the next one catches up."""

    def __init__(self, app: Flask, job_id: str) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.label = ""
        self.unit = ""
        self._app = app
        self._interval = float(app.config.get("JOBS_PROGRESS_INTERVAL", 0.5))
        self._last = 0.0
        self._lock = threading.Lock()

    def set_total(self, total: int, unit: str | None = None) -> None:
        """How much work the current stage has (e.g. rows); `unit` names it ("rows")."""
        self.total = max(0, int(total))
        if unit is not None:
            self.unit = str(unit)[:30]
        self.flush(force=True)

    def advance(self, k: int = 1) -> None:
        self.done += int(k)
        self.flush()

    def set_done(self, done: int) -> None:
        self.done = int(done)
        self.flush()

    def stage(self, label: str, total: int | None = None) -> None:
        """Start a new stage ("Writing"): its count starts at 0; the total stays unless
        given. Pass a translated label (`_("Writing")`): jobs run in the submitter's
        language."""
        self.label = str(label)[:100]
        self.done = 0
        if total is not None:
            self.total = max(0, int(total))
        self.flush(force=True)

    def flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self._interval:
            return
        with self._lock:
            self._last = now
            report = {
                "done": self.done,
                "total": self.total,
                "stage": self.label,
                "unit": self.unit,
                "at": utcnow().isoformat(),
            }
            self._publish(report)

    def _publish(self, report: dict[str, Any]) -> None:
        try:
            huey.storage.put_data(_key(self.job_id), json.dumps(report).encode())
        except Exception:  # noqa: BLE001 - progress must never fail the job
            log.warning("could not store the progress of job %s", self.job_id, exc_info=True)
        table = Job.__table__
        statement = (
            update(table)
            .where(table.c.id == self.job_id, table.c.status == JobStatus.RUNNING.value)
            .values(
                progress_done=report["done"],
                progress_total=report["total"],
                stage=report["stage"],
                unit=report["unit"],
                heartbeat_at=datetime.fromisoformat(report["at"]),
            )
        )
        try:
            with progress_engine(self._app).begin() as conn:
                conn.execute(statement)
        except Exception:  # noqa: BLE001 - e.g. SQLite's write lock held by the task
            log.debug("progress of job %s not written to its row", self.job_id, exc_info=True)


class Heartbeat:
    """Repeats the job's last report every JOBS_HEARTBEAT_SECONDS while it runs."""

    def __init__(self, progress: Progress, interval: float) -> None:
        self._progress = progress
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"job-heartbeat-{progress.job_id[:8]}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._progress.flush(force=True)
