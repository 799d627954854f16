"""A database that stops answering fails a request in seconds, not minutes."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from marketplace.db import get_session, make_engine, new_session

on_postgresql = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A local port whose connections are accepted by the kernel and never answered,
    as a hung database server behaves."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_silent_database_fails_within_the_connect_timeout(silent_server):
    engine = make_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/marketplace",
        {"DB_CONNECT_TIMEOUT": 2},
    )
    started = time.monotonic()
    with pytest.raises(OperationalError, match="timeout expired"), engine.connect():
        pass
    assert time.monotonic() - started < 6
    engine.dispose()


def test_a_refused_connection_fails_at_once():
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/marketplace", {})
    started = time.monotonic()
    with pytest.raises(OperationalError, match="Connection refused"), engine.connect():
        pass
    assert time.monotonic() - started < 3
    engine.dispose()


@on_postgresql
def test_a_web_statement_past_the_statement_timeout_is_cancelled(make_app):
    app = make_app(DB_STATEMENT_TIMEOUT=0.2)
    started = time.monotonic()
    with (
        app.test_request_context("/"),
        pytest.raises(OperationalError, match="statement timeout"),
    ):
        get_session().execute(text("SELECT pg_sleep(10)"))
    assert time.monotonic() - started < 3


@on_postgresql
def test_cli_and_job_sessions_get_the_longer_statement_timeout(make_app):
    app = make_app(DB_STATEMENT_TIMEOUT=0.2, DB_JOB_STATEMENT_TIMEOUT=120)
    with app.test_request_context("/"):
        assert get_session().scalar(text("SHOW statement_timeout")) == "200ms"
    with app.app_context(), new_session(app) as session:
        assert session.scalar(text("SHOW statement_timeout")) == "2min"
        session.commit()
        # Every transaction of the session, not only the first.
        assert session.scalar(text("SHOW statement_timeout")) == "2min"


@on_postgresql
def test_a_statement_timeout_of_zero_means_no_limit(make_app):
    app = make_app(DB_STATEMENT_TIMEOUT=0, DB_JOB_STATEMENT_TIMEOUT=0)
    with app.test_request_context("/"):
        assert get_session().scalar(text("SHOW statement_timeout")) == "0"
    with app.app_context(), new_session(app) as session:
        assert session.scalar(text("SHOW statement_timeout")) == "0"
