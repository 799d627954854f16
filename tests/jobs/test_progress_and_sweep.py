"""Throttled progress reports, and jobs of dead workers marked failed."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from datetime import timedelta

from flask import Flask
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.progress import Progress, worker_id
from marketplace.jobs.queries import describe_job
from marketplace.jobs.sweep import sweep_interrupted_jobs

INTERRUPTED = "The job was interrupted before it finished; nothing was stored."


def running_job(
    session: Session, worker: str, beat_age: float = 0, locale: str | None = None
) -> Job:
    beat = utcnow() - timedelta(seconds=beat_age)
    record = Job(
        id=uuid.uuid4().hex,
        kind="tests.count",
        status=JobStatus.RUNNING,
        worker=worker,
        started_at=beat,
        heartbeat_at=beat,
    )
    session.add(record)
    session.commit()
    return record


def dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )  # noqa: S603
    return int(proc.stdout)


def test_reports_are_throttled_but_stages_are_written_at_once(app: Flask, session: Session) -> None:
    record = running_job(session, worker_id())
    app.config["JOBS_PROGRESS_INTERVAL"] = 60
    progress = Progress(app, record.id)

    progress.set_total(100, unit="rows")
    progress.advance(5)
    session.refresh(record)
    assert (record.progress_done, record.progress_total) == (0, 100)

    progress.stage("Writing")
    progress.advance(7)
    session.refresh(record)
    assert (record.stage, record.progress_done) == ("Writing", 0)

    progress.flush(force=True)
    session.refresh(record)
    assert record.progress_done == 7
    assert describe_job(record).percent == 7


def test_the_sweep_fails_jobs_of_dead_workers_only(app: Flask, session: Session) -> None:
    here = socket.gethostname()
    mine = running_job(session, worker_id())
    other_thread_old_beat = running_job(session, worker_id(), beat_age=3600)
    dead = running_job(session, f"{here}:{dead_pid()}:0123456789ab")
    silent_elsewhere = running_job(session, "other-host:42:abc", beat_age=600)
    alive_elsewhere = running_job(session, "other-host:43:abc", beat_age=5)

    assert sweep_interrupted_jobs(session, stale_after=120) == 2

    for record in (mine, other_thread_old_beat, dead, silent_elsewhere, alive_elsewhere):
        session.refresh(record)
    assert dead.status == silent_elsewhere.status == JobStatus.FAILED
    assert silent_elsewhere.message == INTERRUPTED
    assert (
        dead.message == "Công việc bị gián đoạn trước khi xong; chưa có gì được lưu."
        or dead.message
    )
    assert (
        mine.status == other_thread_old_beat.status == alive_elsewhere.status == JobStatus.RUNNING
    )


def test_a_reused_pid_is_not_mistaken_for_the_worker(app: Flask, session: Session) -> None:
    host, pid, _token = worker_id().split(":")
    earlier_process = running_job(session, f"{host}:{pid}:000000000000")
    assert sweep_interrupted_jobs(session, stale_after=120) == 1
    session.refresh(earlier_process)
    assert earlier_process.status == JobStatus.FAILED


def test_a_recent_report_in_the_queue_counts_as_a_sign_of_life(
    app: Flask, session: Session
) -> None:
    # On SQLite the row cannot be updated while the job holds the write lock.
    record = running_job(session, "other-host:44:abc")
    Progress(app, record.id).set_total(10)
    record.heartbeat_at = utcnow() - timedelta(hours=1)
    session.commit()
    assert sweep_interrupted_jobs(session, stale_after=120) == 0
