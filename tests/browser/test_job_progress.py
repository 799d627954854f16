"""jobs.js in Chromium: the bar follows a running job, and the page moves on when it
succeeds or shows why it failed."""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.jobs.models import Job, JobStatus
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, Flask]]:
    shutil.copy(sqlite_template, tmp_path / "live.db")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-key",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}",
            "SEARCH_URL": f"whoosh:///{tmp_path / 'index'}",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "OUTBOX_FOLDER": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": False,
        }
    )
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app
    httpd.shutdown()
    app.extensions["db_engine"].dispose()


def log_in_and_watch(page, base: str, app: Flask) -> str:
    with app.app_context(), new_session(app) as session:
        user = factories.make_user(session, Role.OFFICIAL)
        record = Job(
            id=uuid.uuid4().hex,
            kind="registry.validate",
            owner_id=user.id,
            status=JobStatus.RUNNING,
            stage="Validating",
            unit="rows",
            progress_total=100_000,
        )
        session.add(record)
        session.commit()
        email, job_id = user.email, record.id
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login)"))
    page.goto(f"{base}/jobs/{job_id}/page")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    return job_id


def change(app: Flask, job_id: str, **values: object) -> None:
    with app.app_context(), new_session(app) as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))
        session.commit()


def test_the_bar_follows_the_job_and_the_page_moves_on(server, page) -> None:
    base, app = server
    job_id = log_in_and_watch(page, base, app)
    assert page.get_by_text("Validating… 0 / 100,000 rows").first.is_visible()

    change(app, job_id, progress_done=12_000)
    page.get_by_text("Validating… 12,000 / 100,000 rows").first.wait_for(timeout=5000)
    assert page.locator("progress").get_attribute("value") == "12000"

    change(app, job_id, status=JobStatus.SUCCEEDED, progress_done=100_000)
    # Only the page rendered again by the server offers "Continue".
    page.get_by_role("link", name="Continue").wait_for(timeout=5000)
    assert page.url.endswith(f"/jobs/{job_id}/page")


def test_a_failure_is_shown_in_place(server, page) -> None:
    base, app = server
    job_id = log_in_and_watch(page, base, app)

    change(app, job_id, status=JobStatus.FAILED, message="Line 12: unknown category XYZ")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=5000)
    assert alert.inner_text() == "Line 12: unknown category XYZ"
    assert page.locator("progress").is_hidden()
    # Said once: not again in the progress text, and no Refresh link left to follow.
    assert page.locator("[data-job-text]").is_hidden()
    assert page.inner_text("body").count("Line 12: unknown category XYZ") == 1
    assert page.get_by_role("link", name="Refresh").count() == 0
