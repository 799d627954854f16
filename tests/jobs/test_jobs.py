"""Jobs run in immediate mode: status, progress while running, results, failures."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.services import submit
from marketplace.suppliers.models import Supplier
from tests import factories
from tests.jobs.sample_jobs import OBSERVERS


def suppliers_with(session: Session, tax_code: str) -> int:
    return session.scalar(select(func.count()).where(Supplier.tax_code == tax_code)) or 0


def test_progress_is_visible_while_the_job_runs(
    app: Flask, client: FlaskClient, session: Session, login_as
) -> None:
    owner = login_as(Role.OFFICIAL)
    tax_code = factories.valid_tax_code()
    seen: dict[str, dict] = {}

    def look(moment: str, job_id: str) -> None:
        seen[moment] = client.get(f"/jobs/{job_id}?lang=en").get_json()
        with new_session(app) as other:
            row = other.get(Job, job_id)
            seen[moment]["row_done"] = row.progress_done
            seen[moment]["suppliers"] = suppliers_with(other, tax_code)

    OBSERVERS["progress"] = look
    record = submit(session, "tests.observe", tax_code, "progress", owner=owner)

    before = seen["before writing"]
    assert before["status"] == "running"
    assert before["text"] == "Validating… 12,000 / 100,000 rows"
    assert before["percent"] == 12
    assert before["row_done"] == 12_000  # committed by the reporter, not the task
    during = seen["while writing"]
    assert during["text"] == "Writing… 40,000 / 100,000 rows"
    assert during["suppliers"] == 0  # the job's own transaction is still open
    assert record.status == JobStatus.SUCCEEDED
    assert suppliers_with(session, tax_code) == 1


def test_a_finished_job_stores_its_result(client: FlaskClient, session: Session, login_as) -> None:
    owner = login_as(Role.SUPPLIER_STAFF)
    record = submit(session, "tests.count", 25, owner=owner)

    assert record.status == JobStatus.SUCCEEDED
    assert record.result == {"counted": 25, "url": "/suppliers/"}
    assert record.started_at is not None and record.finished_at is not None
    body = client.get(f"/jobs/{record.id}?lang=en").get_json()
    assert body["status"] == "succeeded"
    assert (body["done"], body["total"], body["percent"]) == (25, 25, 100)
    assert body["text"] == "Done."
    assert body["result_url"] == "/suppliers/"
    assert body["message"] is None


def test_a_job_commits_its_writes_with_its_success(session: Session) -> None:
    tax_code = factories.valid_tax_code()
    record = submit(session, "tests.write", tax_code)
    assert record.status == JobStatus.SUCCEEDED
    assert suppliers_with(session, tax_code) == 1


def test_a_failing_job_stores_nothing_and_says_why(
    client: FlaskClient, session: Session, login_as
) -> None:
    owner = login_as(Role.OFFICIAL)
    tax_code = factories.valid_tax_code()
    record = submit(session, "tests.write_then_fail", tax_code, "domain", owner=owner)

    assert record.status == JobStatus.FAILED
    assert record.message == "Line 3, column price_vnd: 7.5 is not a whole number of VND"
    assert suppliers_with(session, tax_code) == 0
    body = client.get(f"/jobs/{record.id}?lang=en").get_json()
    assert body["status"] == "failed"
    assert body["message"] == record.message
    assert body["text"] == record.message


def test_an_unexpected_error_is_logged_and_reported_generically(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    tax_code = factories.valid_tax_code()
    with caplog.at_level(logging.ERROR, logger="marketplace.jobs.services"):
        record = submit(session, "tests.write_then_fail", tax_code, "crash")

    assert record.status == JobStatus.FAILED
    assert record.message == "The job failed unexpectedly; nothing was stored."
    assert "disk on fire" not in record.message
    assert any("disk on fire" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert suppliers_with(session, tax_code) == 0


def test_a_job_speaks_its_submitters_language(session: Session) -> None:
    record = submit(
        session, "tests.write_then_fail", factories.valid_tax_code(), "translated", locale="vi"
    )
    assert record.message == "Chỉ cán bộ của Sở mới được thực hiện việc này."


@pytest.mark.parametrize("role", [None, Role.BUYER, Role.SUPPLIER_STAFF])
def test_the_status_is_refused_to_other_users(
    client: FlaskClient, session: Session, login_as, role: Role | None
) -> None:
    owner = factories.make_user(session, Role.SUPPLIER_STAFF)
    record = submit(session, "tests.count", 3, owner=owner)
    if role is not None:
        login_as(role)

    response = client.get(f"/jobs/{record.id}")
    assert response.status_code == 403
    assert "counted" not in response.get_data(as_text=True)
    assert client.get(f"/jobs/{record.id}/page").status_code == 403


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.ADMIN])
def test_officials_follow_any_job(
    client: FlaskClient, session: Session, login_as, role: Role
) -> None:
    owner = factories.make_user(session, Role.SUPPLIER_STAFF)
    record = submit(session, "tests.count", 3, owner=owner)
    login_as(role)
    assert client.get(f"/jobs/{record.id}").get_json()["status"] == "succeeded"


@pytest.mark.parametrize("job_id", ["0" * 32, "not-a-job", "A" * 32])
def test_an_unknown_job_is_not_found(client: FlaskClient, login_as, job_id: str) -> None:
    login_as(Role.OFFICIAL)
    response = client.get(f"/jobs/{job_id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_submitting_an_undeclared_kind_is_refused(session: Session) -> None:
    with pytest.raises(LookupError):
        submit(session, "tests.nothing")
    assert session.scalar(select(func.count()).select_from(Job)) == 0
