"""Engine, session factory and the declarative base.

Plain SQLAlchemy (not Flask-SQLAlchemy) so services and CLI commands work
without a request: they receive a Session as their first argument.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Enum, MetaData, create_engine, event
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import Integer, TypeDecorator

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


class Percent(TypeDecorator[Decimal]):
    """A percentage with two decimals (7.5, 33.33), stored exactly as an integer of
    hundredths of a percent (basis points): no float rounding, no Decimal warnings
    on SQLite, and sums stay exact in SQL."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        bp = _BP_OF_PERCENT.get(value)
        if bp is None:  # Decimal arithmetic cost more than the rest of a record's row
            bp = int((Decimal(value) * 100).to_integral_value())
            if len(_BP_OF_PERCENT) <= 10_000:
                _BP_OF_PERCENT[value] = bp
        return bp

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        pct = _PERCENT_OF_BP.get(value)
        if pct is None:
            pct = Decimal(value) / 100
            pct = pct.quantize(Decimal(1)) if value % 100 == 0 else pct
            if len(_PERCENT_OF_BP) <= 10_000:  # 0.00–100.00 (a Decimal cannot change)
                _PERCENT_OF_BP[value] = pct
        return pct


_PERCENT_OF_BP: dict[int, Decimal] = {}
_BP_OF_PERCENT: dict[Decimal | int, int] = {}


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def make_engine(url: str, settings: Mapping[str, object] | None = None) -> Engine:
    """The engine for `url`, with the bounded waits of `settings` (seconds, 0 = no limit):
    DB_CONNECT_TIMEOUT to reach PostgreSQL, DB_STATEMENT_TIMEOUT per statement,
    DB_POOL_TIMEOUT for a free pooled connection. A database that stops answering then
    fails a request in seconds instead of holding it for minutes."""
    settings = settings or {}
    pool_timeout = _seconds(settings, "DB_POOL_TIMEOUT", 10) or None
    if url.startswith("sqlite"):
        # SQLite waits up to `timeout` seconds for a writer's lock (its busy timeout).
        engine = create_engine(url, connect_args={"timeout": 30}, pool_timeout=pool_timeout)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # SQLite ignores foreign keys unless asked, per connection.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            # A page cache of 32 MiB instead of 2: a large import updates index pages
            # all over each index (a record's supplier, product, year and category),
            # which otherwise leave the cache and are read back for the next rows.
            cur.execute("PRAGMA cache_size=-32768")
            cur.close()
            # SQLite's lower() folds ASCII only: "Đa khoa" would never match "đa khoa".
            # PostgreSQL's lower() folds every letter; so does this one.
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)

        return engine
    connect_args: dict[str, object] = {}
    if make_url(url).get_backend_name() == "postgresql":
        connect_args = _postgresql_args(url, settings)
    return create_engine(
        url, pool_pre_ping=True, pool_timeout=pool_timeout, connect_args=connect_args
    )


def _seconds(settings: Mapping[str, object], name: str, default: float) -> float:
    value = settings.get(name)
    return default if value is None else float(value)  # type: ignore[arg-type]


def _postgresql_args(url: str, settings: Mapping[str, object]) -> dict[str, object]:
    args: dict[str, object] = {}
    connect = _seconds(settings, "DB_CONNECT_TIMEOUT", 5)
    if connect:
        # libpq counts whole seconds and treats 1 as 2.
        args["connect_timeout"] = max(2, math.ceil(connect))
    statement = _seconds(settings, "DB_STATEMENT_TIMEOUT", 30)
    if statement:
        options = f"-c statement_timeout={math.ceil(statement * 1000)}"
        # Options in the URL come last, so an explicit statement_timeout there wins.
        in_url = make_url(url).query.get("options")
        if in_url:
            options += " " + (in_url if isinstance(in_url, str) else " ".join(in_url))
        args["options"] = options
    return args


def _job_sessionmaker(engine: Engine, settings: Mapping[str, object]) -> sessionmaker[Session]:
    """Sessions for CLI commands and background jobs: big imports and rebuilds run
    statements far longer than a web request may, so each of their transactions
    starts with DB_JOB_STATEMENT_TIMEOUT instead."""
    maker = sessionmaker(bind=engine, expire_on_commit=False)
    job = _seconds(settings, "DB_JOB_STATEMENT_TIMEOUT", 3600)
    if engine.dialect.name == "postgresql" and job != _seconds(
        settings, "DB_STATEMENT_TIMEOUT", 30
    ):
        milliseconds = math.ceil(job * 1000)

        @event.listens_for(maker, "after_begin")
        def _job_timeout(_session, _transaction, connection):  # type: ignore[no-untyped-def]
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")

    return maker


_ON_COMMIT = "on_commit"


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once the session's transaction has committed (e-mails about what
    it stored); dropped if it rolls back."""
    session.info.setdefault(_ON_COMMIT, []).append(callback)


_ON_ROLLBACK = "on_rollback"


def on_rollback(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` if the session's transaction rolls back (remove a file written
    for a row that will not exist); dropped once it commits."""
    session.info.setdefault(_ON_ROLLBACK, []).append(callback)


def _run_on_commit(session: Session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    for callback in session.info.pop(_ON_COMMIT, []):
        callback()


def _drop_on_commit(session: Session, previous: Any = None) -> None:
    session.info.pop(_ON_COMMIT, None)
    if previous is not None and getattr(previous, "nested", False):
        return  # a savepoint: the outer transaction may still keep the files
    for callback in session.info.pop(_ON_ROLLBACK, []):
        callback()


if not event.contains(Session, "after_commit", _run_on_commit):
    event.listen(Session, "after_commit", _run_on_commit)
    event.listen(Session, "after_soft_rollback", _drop_on_commit)


def init_app(app: Flask) -> None:
    engine = make_engine(str(app.config["DATABASE_URL"]), app.config)
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.extensions["db_job_sessionmaker"] = _job_sessionmaker(engine, app.config)
    app.teardown_appcontext(_close_session)


def new_session(app: Flask | None = None) -> Session:
    """A session not tied to a request (CLI, background work, tests); its statements
    may run up to DB_JOB_STATEMENT_TIMEOUT."""
    app = app or current_app
    return app.extensions["db_job_sessionmaker"]()


def get_session() -> Session:
    """The session of the current request/app context, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
