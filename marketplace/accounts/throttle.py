"""Login and password-reset limits that hold across gunicorn workers and web nodes.

Flask-Limiter counts; its storage is Redis when REDIS_URL is set (or any
RATELIMIT_STORAGE_URI), otherwise the `marketplace+db://` storage below: a
fixed-window counter table in the application database, which every worker and
node shares. Per-process memory would let each of N workers allow N times the
limit. Limits apply per address (the client's, behind TRUSTED_PROXIES proxies)
and per account (the e-mail typed), so neither spreading guesses over many
accounts nor over many addresses gets around them."""

from __future__ import annotations

import math
import time
from datetime import UTC, timedelta
from typing import Any

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy import case, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from marketplace.accounts.models import RateLimitCounter
from marketplace.db import utcnow
from marketplace.extensions import limiter

DB_STORAGE_URI = "marketplace+db://"
_table = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """A `limits` storage (fixed window only) on the application's database."""

    STORAGE_SCHEME = ["marketplace+db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _engine() -> Engine:
        # The app's engine at call time: storages are built once per Limiter, apps
        # (and their databases) may be many, e.g. in tests.
        engine: Engine = current_app.extensions["db_engine"]
        return engine

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = utcnow()
        expires = now + timedelta(seconds=expiry)
        engine = self._engine()
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(_table).values(key=key, count=amount, expires_at=expires)
        expired = _table.c.expires_at <= now
        stmt = stmt.on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={
                "count": case((expired, amount), else_=_table.c.count + amount),
                "expires_at": case((expired, expires), else_=_table.c.expires_at),
            },
        ).returning(_table.c.count)
        with engine.begin() as conn:
            stale = RateLimitCounter.expires_at < now - timedelta(days=1)
            conn.execute(delete(RateLimitCounter).where(stale))
            return int(conn.execute(stmt).scalar_one())

    def _row(self, key: str) -> Any:
        with self._engine().connect() as conn:
            return conn.execute(
                select(_table.c.count, _table.c.expires_at).where(
                    _table.c.key == key, _table.c.expires_at > utcnow()
                )
            ).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at.replace(tzinfo=UTC).timestamp() if row else time.time()

    def check(self) -> bool:
        try:
            with self._engine().connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self._engine().begin() as conn:
            return conn.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as conn:
            conn.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def storage_uri(environ: dict[str, str]) -> str:
    """RATELIMIT_STORAGE_URI if set, else REDIS_URL, else the shared database."""
    return (
        environ.get("RATELIMIT_STORAGE_URI", "").strip()
        or environ.get("REDIS_URL", "").strip()
        or DB_STORAGE_URI
    )


def account_key() -> str:
    """The account a login or reset form names (its e-mail, folded), so guesses at
    one account from many addresses share one count."""
    email = (request.form.get("email") or "").strip().lower()
    return f"account:{email}" if email else f"address:{get_remote_address()}"


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def login_account_limit() -> str:
    return str(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])


def reset_limit() -> str:
    return str(current_app.config["RESET_RATE_LIMIT"])


def reset_account_limit() -> str:
    return str(current_app.config["RESET_ACCOUNT_RATE_LIMIT"])


def failed_login(response: Response) -> bool:
    """A login POST that did not sign in (a success redirects)."""
    return response.status_code != 302


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return _("Please wait %(n)d seconds before trying again.", n=seconds)
    return _("Please wait %(n)d minutes before trying again.", n=round(seconds / 60))


def init_app(app: Flask) -> None:
    from marketplace.errors import render_error

    @app.errorhandler(RateLimitExceeded)
    def _too_many(exc: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        reset_at = current.reset_at if current else time.time() + 60
        seconds = max(1, math.ceil(reset_at - time.time()))
        # A limit may say in its own words what was limited (inquiries, messages).
        lead = exc.description if exc.limit.error_message else _("Too many attempts.")
        response = render_error(429, f"{lead} {wait_text(seconds)}")
        response.headers["Retry-After"] = str(seconds)
        return response
