"""Declaring, submitting and running background jobs.

A feature declares a job function with `@job("registry.validate")`; `submit()`
stores a `queued` Job row, commits, and puts the task on the huey queue. The worker
(or, in immediate mode, the submitting process) runs it in an app context with a
session of its own: the function's writes and the job's `succeeded` status commit
together, and any exception rolls them back, so a failed job has stored nothing.
"""

from __future__ import annotations

import logging
import os
import pickle  # nosec B403
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_app_context, has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from huey.api import TaskWrapper
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import new_session, utcnow
from marketplace.errors import DomainError, Forbidden
from marketplace.jobs import progress as progress_mod
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.progress import Heartbeat, Progress
from marketplace.jobs.queue import huey

log = logging.getLogger(__name__)

JobFunction = Callable[..., dict[str, Any] | None]


class QueueUnavailable(DomainError):
    status = 503


@dataclass(frozen=True)
class JobKind:
    kind: str
    function: JobFunction
    task: TaskWrapper


_KINDS: dict[str, JobKind] = {}
_worker_app: Flask | None = None


def job(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Declare `fn(session, progress, *args) -> dict` as the job `kind`.

    The function gets a fresh session and a `Progress`; it should not commit (the
    runner commits its writes together with the job's success). Raise a DomainError
    to fail with that message; anything else fails with a generic message and is
    logged. Arguments must be plain picklable values (ids, paths), not ORM objects.
    Declare jobs in a module that `create_app()` imports, so the worker knows them.
    """

    def decorator(fn: JobFunction) -> JobFunction:
        if kind in _KINDS:
            raise ValueError(f"job kind {kind!r} is declared twice")

        def run(job_id: str, *args: Any) -> None:
            _run(kind, job_id, args)

        run.__module__ = fn.__module__
        task = huey.task(name=kind)(run)
        _KINDS[kind] = JobKind(kind, fn, task)
        return fn

    return decorator


def init_app(app: Flask) -> None:
    """Settings, and immediate mode (tasks run in-process, synchronously) for tests
    and for JOBS_IMMEDIATE=1 (development without a worker)."""
    app.config.setdefault("JOBS_IMMEDIATE", os.environ.get("JOBS_IMMEDIATE", "") in ("1", "true"))
    app.config.setdefault("JOBS_PROGRESS_INTERVAL", 0.5)
    app.config.setdefault("JOBS_HEARTBEAT_SECONDS", 10.0)
    app.config.setdefault("JOBS_STALE_SECONDS", 120.0)
    # Only ever switched on: a process that runs tests keeps its queue in memory.
    if app.testing or app.config["JOBS_IMMEDIATE"]:
        huey.immediate = True
    progress_mod.progress_engine(app)


def bind_worker_app(app: Flask) -> None:
    """The app tasks run in when no app context is active (the worker process)."""
    global _worker_app
    _worker_app = app


def submit(
    session: Session,
    kind: str,
    *args: Any,
    owner: User | None = None,
    locale: str | None = None,
) -> Job:
    """Store a queued job of `kind`, commit, and enqueue it with `args`.

    The job runs in `locale` (default: the current request's UI language), so its
    stage labels and failure message read in the submitter's language. Raises
    LookupError for an undeclared kind and QueueUnavailable when the queue cannot
    be reached (the job is then stored as failed)."""
    spec = _KINDS.get(kind)
    if spec is None:
        raise LookupError(f"no job kind {kind!r} is declared")
    if locale is None and has_request_context():
        locale = str(get_locale())
    record = Job(
        id=uuid.uuid4().hex,
        kind=kind,
        status=JobStatus.QUEUED,
        owner_id=owner.id if owner is not None else None,
        locale=locale,
    )
    session.add(record)
    session.commit()
    try:
        if huey.immediate:
            pickle.dumps(args)  # what the real queue would do with them
        spec.task(record.id, *args)
    except Exception as exc:
        log.exception("job %s (%s) could not be queued", record.id, kind)
        with in_locale(locale):
            message = _("The job could not be started; please try again later.")
        _mark_failed(current_app._get_current_object(), record.id, message)
        raise QueueUnavailable(message) from exc
    session.refresh(record)
    return record


def can_view_job(user: User | None, record: Job) -> bool:
    """A job's status is for the person who started it, and for officials."""
    if user is None or not user.is_authenticated or not getattr(user, "active", False):
        return False
    if user.is_official:
        return True
    return record.owner_id is not None and record.owner_id == user.id


def require_view_job(user: User | None, record: Job) -> None:
    if not can_view_job(user, record):
        raise Forbidden(_("Only the person who started this job, or an official, can follow it."))


def generic_failure() -> str:
    return _("The job failed unexpectedly; nothing was stored.")


def interrupted_failure() -> str:
    return _("The job was interrupted before it finished; nothing was stored.")


@contextmanager
def in_locale(locale: str | None) -> Iterator[None]:
    if locale:
        with force_locale(locale):
            yield
    else:
        yield


def task_app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _worker_app is None:
        raise RuntimeError("no app for this job: run the worker as marketplace.jobs.worker.huey")
    return _worker_app


def _run(kind: str, job_id: str, args: tuple[Any, ...]) -> None:
    app = task_app()
    with app.app_context():
        locale = _start(app, job_id)
        if locale is None:
            return
        with in_locale(locale or None):
            _run_started(app, _KINDS[kind], job_id, args)


def _start(app: Flask, job_id: str) -> str | None:
    """Mark the job running; its locale ("" when none), or None when it is not queued
    (already run, or failed meanwhile)."""
    now = utcnow()
    with new_session(app) as session:
        marked = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.RUNNING,
                started_at=now,
                heartbeat_at=now,
                worker=progress_mod.worker_id(),
            )
        )
        session.commit()
        if marked.rowcount != 1:  # type: ignore[attr-defined]
            log.warning("job %s is not queued any more; not run again", job_id)
            return None
        return session.scalar(select(Job.locale).where(Job.id == job_id)) or ""


def _run_started(app: Flask, spec: JobKind, job_id: str, args: tuple[Any, ...]) -> None:
    progress = Progress(app, job_id)
    session = new_session(app)
    try:
        with Heartbeat(progress, float(app.config["JOBS_HEARTBEAT_SECONDS"])):
            try:
                result = spec.function(session, progress, *args)
                if result is not None and not isinstance(result, dict):
                    raise TypeError(f"job {spec.kind} returned {type(result).__name__}, not dict")
                done = session.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
                    .values(
                        status=JobStatus.SUCCEEDED,
                        result=result,
                        finished_at=utcnow(),
                        progress_done=progress.done,
                        progress_total=progress.total,
                        stage=progress.label,
                        unit=progress.unit,
                    )
                )
                if done.rowcount != 1:  # type: ignore[attr-defined]
                    # Declared interrupted meanwhile: keep that statement true.
                    log.warning("job %s was marked failed while it ran; rolled back", job_id)
                    session.rollback()
                    return
                session.commit()
            except DomainError as exc:
                session.rollback()
                _mark_failed(app, job_id, exc.message or generic_failure())
            except Exception:
                log.exception("job %s (%s) failed", job_id, spec.kind)
                session.rollback()
                _mark_failed(app, job_id, generic_failure())
            except BaseException:
                session.rollback()
                _mark_failed(app, job_id, interrupted_failure())
                raise
    finally:
        session.close()
        progress_mod.discard_report(job_id)


def _mark_failed(app: Flask, job_id: str, message: str) -> None:
    with new_session(app) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)))
            .values(status=JobStatus.FAILED, message=message, finished_at=utcnow())
        )
        session.commit()
