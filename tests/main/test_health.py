"""/healthz: what a load balancer or an operator sees when a dependency is down."""

from __future__ import annotations

import threading
import time

import pytest
from huey import RedisHuey
from sqlalchemy.exc import OperationalError

from marketplace.jobs import queue
from marketplace.main import health
from marketplace.search_sync import get_backend
from marketplace.searches.services import reindex
from tests import factories

# Nothing listens on port 1 of this machine: connecting is refused at once.
CLOSED_PORT = 1


@pytest.fixture
def indexed(app, session):
    """A readable index, built from a database holding one product."""
    factories.make_product(session, factories.make_supplier(session))
    session.commit()
    reindex(session, get_backend(app))


def test_health_is_ok_when_database_index_and_queue_answer(client, indexed):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "queue": "ok"},
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_health_names_a_database_that_cannot_be_reached(make_app, database_url, tmp_path):
    if database_url.startswith("postgresql"):
        down = f"postgresql+psycopg://postgres@127.0.0.1:{CLOSED_PORT}/marketplace"
        reason = "Connection refused"
    else:
        down = f"sqlite:///{tmp_path / 'no-such-folder' / 'marketplace.db'}"
        reason = "unable to open database file"
    # The index is on its own (Whoosh) here, so only the database is down.
    client = make_app(DATABASE_URL=down, SEARCH_URL=f"whoosh:///{tmp_path / 'index'}").test_client()

    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.json["status"] == "error"
    database = response.json["checks"]["database"]
    assert database.startswith("error: ") and reason in database
    assert "\n" not in database
    assert response.json["checks"]["queue"] == "ok"


def test_health_names_an_unreadable_index(make_app, tmp_path):
    (tmp_path / "not-an-index").write_text("a file where the index directory should be")
    client = make_app(SEARCH_URL=f"whoosh:///{tmp_path / 'not-an-index'}").test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json["checks"]["search"].startswith("error: ")
    assert response.json["checks"]["database"] == "ok"


def test_health_names_a_queue_that_cannot_be_reached(client, indexed, monkeypatch):
    monkeypatch.setattr(
        queue, "huey", RedisHuey("marketplace", url=f"redis://127.0.0.1:{CLOSED_PORT}/0")
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json["checks"]
    assert (checks["database"], checks["search"]) == ("ok", "ok")
    assert checks["queue"].startswith("error: ") and "\n" not in checks["queue"]


def test_health_answers_in_bounded_time_when_a_check_hangs(make_app, monkeypatch):
    release = threading.Event()
    monkeypatch.setitem(health.CHECKS, "search", lambda _app: release.wait(30))
    client = make_app(HEALTH_TIMEOUT=0.3).test_client()
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        release.set()

    assert elapsed < 3
    assert response.status_code == 503
    assert response.json["checks"]["search"] == "error: timed out after 0.3 s"


def test_health_reports_the_driver_message_in_one_line():
    error = OperationalError("SELECT 1", {}, Exception("server closed the connection\nmore"))
    assert health.one_line(error) == "server closed the connection"
