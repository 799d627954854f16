"""Reading jobs for pages and for polling."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import NotFound
from marketplace.jobs.models import FINISHED, Job, JobStatus
from marketplace.jobs.progress import read_report
from marketplace.jobs.services import generic_failure, require_view_job

_JOB_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class JobView:
    """A job as a page shows it: the row, with the freshest progress report."""

    id: str
    kind: str
    status: JobStatus
    stage: str
    unit: str
    done: int
    total: int
    message: str | None
    result: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int | None:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if self.total <= 0:
            return None
        return min(100, max(0, self.done) * 100 // self.total)

    @property
    def text(self) -> str:
        """One line for people: "Validating… 12,000 / 100,000 rows"."""
        if self.status == JobStatus.QUEUED:
            return _("Waiting to start…")
        if self.status == JobStatus.SUCCEEDED:
            return _("Done.")
        if self.status == JobStatus.FAILED:
            return self.message or generic_failure()
        stage = self.stage or _("Working")
        if self.total <= 0:
            return _("%(stage)s…", stage=stage)
        values = {
            "stage": stage,
            "done": format_number(min(self.done, self.total)),
            "total": format_number(self.total),
        }
        if self.unit:
            return _("%(stage)s… %(done)s / %(total)s %(unit)s", unit=self.unit, **values)
        return _("%(stage)s… %(done)s / %(total)s", **values)

    @property
    def result_url(self) -> str | None:
        """A same-site link the job's result names (`{"url": "/…"}`), if any."""
        url = (self.result or {}).get("url")
        if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
            return url
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "status": self.status.value,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "text": self.text,
            "message": self.message if self.failed else None,
        }
        if self.result_url:
            data["result_url"] = self.result_url
        return data


def get_job(session: Session, job_id: str) -> Job:
    """The job with this id; NotFound when there is none (or the id is malformed)."""
    record = session.get(Job, job_id) if _JOB_ID.fullmatch(job_id) else None
    if record is None:
        raise NotFound(_("There is no such job."))
    return record


def describe_job(record: Job) -> JobView:
    """The job with its latest progress (the queue's copy when it is newer than the
    row's, e.g. while SQLite's write lock kept the row from being updated)."""
    done, total, stage, unit = (
        record.progress_done,
        record.progress_total,
        record.stage,
        record.unit,
    )
    if record.status == JobStatus.RUNNING:
        report = read_report(record.id)
        beat = record.heartbeat_at
        if report is not None and (beat is None or report["at"] >= beat):
            done, total = report["done"], report["total"]
            stage, unit = report["stage"], report["unit"]
    return JobView(
        id=record.id,
        kind=record.kind,
        status=record.status,
        stage=stage,
        unit=unit,
        done=done,
        total=total,
        message=record.message,
        result=record.result,
    )


def get_job_view(session: Session, job_id: str, user: User | None) -> JobView:
    """The job for `user` to follow. NotFound for an unknown id, Forbidden unless
    `user` started it or is an official."""
    record = get_job(session, job_id)
    require_view_job(user, record)
    return describe_job(record)


def list_jobs(
    session: Session, *, owner: User | None = None, kind: str | None = None, limit: int = 50
) -> list[Job]:
    """The latest jobs, newest first, optionally of one owner and/or kind."""
    query = select(Job).order_by(Job.created_at.desc()).limit(limit)
    if owner is not None:
        query = query.where(Job.owner_id == owner.id)
    if kind is not None:
        query = query.where(Job.kind == kind)
    return list(session.scalars(query))
