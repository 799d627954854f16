"""Jobs whose worker died: marked failed, since their transaction never committed.

Run when a worker starts and every minute by a running one (marketplace.jobs.worker).
A worker is gone when its process on this host no longer exists (or the pid now
belongs to another process: the token differs), or when no sign of life (row
heartbeat, or the progress report in the queue) came for `stale_after` seconds.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.jobs import progress as progress_mod
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.services import in_locale, interrupted_failure

log = logging.getLogger(__name__)


def sweep_interrupted_jobs(session: Session, stale_after: float) -> int:
    """Mark failed the running jobs whose worker is gone: a process on this host that
    no longer exists, or no sign of life for `stale_after` seconds. Their own
    transaction never committed, so "nothing was stored" is true. Returns how many."""
    now = utcnow()
    running = session.scalars(select(Job).where(Job.status == JobStatus.RUNNING)).all()
    failed = 0
    for record in running:
        if not _is_stale(record, now - timedelta(seconds=stale_after)):
            continue
        with in_locale(record.locale):
            message = interrupted_failure()
        swept = session.execute(
            update(Job)
            .where(Job.id == record.id, Job.status == JobStatus.RUNNING)
            .values(status=JobStatus.FAILED, message=message, finished_at=now)
        )
        failed += swept.rowcount  # type: ignore[attr-defined]
        progress_mod.discard_report(record.id)
    session.commit()
    if failed:
        log.warning("marked %d interrupted job(s) as failed", failed)
    return failed


def _is_stale(record: Job, cutoff: datetime) -> bool:
    host, pid, token = _parse_worker(record.worker)
    here, my_pid, my_token = _parse_worker(progress_mod.worker_id())
    if host == here and pid is not None:
        if pid == my_pid:
            return token != my_token
        if not _process_exists(pid):
            return True
    beats = [record.heartbeat_at or record.started_at or record.created_at]
    report = progress_mod.read_report(record.id)
    if report is not None:
        beats.append(report["at"])
    return max(b for b in beats if b is not None) < cutoff


def _parse_worker(worker: str | None) -> tuple[str, int | None, str]:
    host, _sep, rest = (worker or "").partition(":")
    pid, _sep, token = rest.partition(":")
    return host, int(pid) if pid.isdigit() else None, token


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True
