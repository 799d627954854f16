"""The job page and the job_progress macro, as rendered without JavaScript."""

from __future__ import annotations

import re
import uuid

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.jobs.models import Job, JobStatus


def stored_job(session: Session, owner: User, **values: object) -> Job:
    record = Job(id=uuid.uuid4().hex, kind="tests.count", owner_id=owner.id, **values)
    session.add(record)
    session.commit()
    return record


def test_a_queued_job_offers_a_refresh_link(
    client: FlaskClient, session: Session, login_as
) -> None:
    record = stored_job(session, login_as(Role.OFFICIAL))
    html = client.get(f"/jobs/{record.id}/page?lang=en").get_data(as_text=True)

    assert "Waiting to start…" in html
    assert f'<a href="/jobs/{record.id}/page" data-job-refresh>Refresh</a>' in html
    assert 'aria-live="polite"' in html
    assert '<script src="/static/js/jobs.js' in html
    assert f'data-job-status-url="/jobs/{record.id}"' in html


def test_a_running_job_shows_its_stage_and_count(
    client: FlaskClient, session: Session, login_as
) -> None:
    record = stored_job(
        session,
        login_as(Role.SUPPLIER_STAFF),
        status=JobStatus.RUNNING,
        stage="Validating",
        unit="rows",
        progress_done=12_000,
        progress_total=100_000,
    )
    html = client.get(f"/jobs/{record.id}/page?lang=en").get_data(as_text=True)

    assert "Validating… 12,000 / 100,000 rows" in html
    assert 'max="100000" value="12000"' in html
    assert ">12%</progress>" in html


def test_a_failed_job_shows_why(client: FlaskClient, session: Session, login_as) -> None:
    record = stored_job(
        session,
        login_as(Role.OFFICIAL),
        status=JobStatus.FAILED,
        message="Line 7: the tax code 0101234567 has a wrong check digit",
    )
    html = client.get(f"/jobs/{record.id}/page?lang=en").get_data(as_text=True)

    alert = re.search(r'<div [^>]*role="alert" data-job-error\s*>([^<]*)</div>', html)
    assert alert is not None
    assert alert.group(1) == "Line 7: the tax code 0101234567 has a wrong check digit"
    assert "Refresh" not in html
