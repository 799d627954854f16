"""Fixtures: an app per test on a fresh database of each engine (SQLite always,
PostgreSQL when TEST_DATABASE_URL is set), a client, a session, login_as(role)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.accounts.models import Role, User
from marketplace.categories.models import Target
from marketplace.categories.reference import target_rows
from marketplace.db import new_session, utcnow
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets its own database (`test_gw0`, ...), made
    on first use: tests drop and recreate the schema of the database they use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    try:
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception:  # noqa: BLE001 - no server: the PostgreSQL tests skip, saying why
        return url
    return base.set(database=name).render_as_string(hide_password=False)


PG_URL = _worker_database(os.environ.get("TEST_DATABASE_URL", ""))
# Rows a test may create; reference data (categories, targets) stays.
DATA_TABLES = [
    "product_old_skus",
    "product_photos",
    "product_specs",
    "products",
    "verification_events",
    "verification_documents",
    "notifications",
    "notification_preferences",
    "notification_digest_items",
    "shortlist_items",
    "saved_search_hits",
    "saved_searches",
    "jobs",
    "user_sessions",
    "invitations",
    "rate_limit_counters",
    "users",
    "suppliers",
    "search_documents",
    "search_vocabulary",
    "search_outbox",
    "supply_records",
    "share_cells",
    "share_coverage",
    "audit_events",
    "import_batches",
    "import_batch_rows",
    "import_uploads",
    "duplicate_dismissals",
    "supplier_merges",
]


def alembic_upgrade(url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def pg_available() -> bool:
    if not PG_URL:
        return False
    try:
        engine = create_engine(PG_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    alembic_upgrade(f"sqlite:///{path}")
    return path


def require_postgresql() -> None:
    """Skip, with the reason shown, when no PostgreSQL server is configured or answers."""
    if not PG_URL:
        pytest.skip("PostgreSQL part skipped: TEST_DATABASE_URL is not set")
    if not pg_available():
        pytest.skip(f"PostgreSQL part skipped: no server answers at {PG_URL}")


@pytest.fixture(scope="session")
def pg_schema() -> str:
    require_postgresql()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    alembic_upgrade(PG_URL)
    return PG_URL


def _pg_clean(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        tables = ", ".join(t for t in DATA_TABLES if t in present)
        if tables:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # Targets refer to the users who set them, so the TRUNCATE above empties them
        # too: back to the seeded bands.
        conn.execute(text("DELETE FROM targets"))
        conn.execute(
            Target.__table__.insert(), [{**r, "created_at": utcnow()} for r in target_rows()]
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    if request.node.get_closest_marker("engine_independent"):
        pytest.skip("engine-independent: run once, on SQLite")
    url = request.getfixturevalue("pg_schema")
    _pg_clean(url)
    return url


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app on the test database with some settings changed."""
    made: list[Flask] = []

    def _make(**overrides: object) -> Flask:
        application = create_app({**test_settings(database_url, tmp_path), **overrides})
        made.append(application)
        return application

    yield _make
    for application in made:
        application.extensions["db_engine"].dispose()
        backend = application.extensions.get("search_backend")
        if backend is not None:
            backend.close()


def test_settings(database_url: str, tmp_path: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "SEARCH_URL": database_url
        if database_url.startswith("postgresql")
        else f"whoosh:///{tmp_path / 'index'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "OUTBOX_FOLDER": str(tmp_path / "outbox"),
        "DOCUMENTS_FOLDER": str(tmp_path / "documents"),
        "ATTACHMENTS_FOLDER": str(tmp_path / "attachments"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        "PUBLIC_BASE_URL": "http://localhost",
    }


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context(), new_session(app) as s:
        yield s


@pytest.fixture
def login_as(client: FlaskClient, session: Session) -> Callable[..., User]:
    """Log the test client in as a new user of `role` (optionally staff of `supplier`)."""

    def _login(role: str | Role, supplier=None, email: str | None = None) -> User:  # type: ignore[no-untyped-def]
        user = factories.make_user(session, Role(role), supplier=supplier, email=email)
        factories.sign_in(client, session, user)
        return user

    return _login
