"""Engine, session factory and the declarative base.

Plain SQLAlchemy (not Flask-SQLAlchemy) so services and CLI commands work
without a request: they receive a Session as their first argument.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from flask import Flask, current_app, g
from sqlalchemy import Enum, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def str_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A Python enum stored as VARCHAR with a CHECK constraint: both engines behave
    alike and adding a value is a plain constraint change."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
        length=20,
    )


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # SQLite ignores foreign keys unless asked, per connection.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    engine = make_engine(str(app.config["DATABASE_URL"]))
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def new_session(app: Flask | None = None) -> Session:
    """A session not tied to a request (CLI, background work, tests)."""
    app = app or current_app
    return app.extensions["db_sessionmaker"]()


def get_session() -> Session:
    """The session of the current request/app context, created on first use."""
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
