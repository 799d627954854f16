"""Settings from the environment (12-factor); one UPPER_SNAKE name per setting."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # nosec B105 - refused in production below
ENVIRONMENTS = ("development", "production", "testing")
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 10


class ConfigError(RuntimeError):
    """The configuration cannot run in the requested environment."""


def instance_path() -> Path:
    return Path(os.environ.get("INSTANCE_PATH", DEFAULT_INSTANCE))


def database_url() -> str:
    """DATABASE_URL, or the embedded SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the driver-less scheme; we ship psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{instance_path() / 'marketplace.db'}"


def search_url() -> str:
    return os.environ.get("SEARCH_URL") or f"whoosh:///{instance_path() / 'search-index'}"


def app_env(value: object) -> str:
    """The environment name, case and surrounding spaces ignored; ConfigError when it is
    not one of ENVIRONMENTS (a misspelt `prod` must not quietly run as development)."""
    env = str(value or "").strip().casefold()
    if env not in ENVIRONMENTS:
        raise ConfigError(
            f"APP_ENV={value!r} is not a known environment; use one of: {', '.join(ENVIRONMENTS)}"
        )
    return env


def _percent(name: str, default: str) -> Decimal:
    """A percentage 0–100 with at most two decimals, as thresholds are everywhere."""
    raw = os.environ.get(name, "").strip() or default
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ConfigError(f"{name}={raw!r} must be a percentage such as 30 or 30.5") from None
    if not (value.is_finite() and 0 <= value <= 100 and value == value.quantize(Decimal("0.01"))):
        raise ConfigError(f"{name}={raw!r} must be between 0 and 100, at most two decimals")
    return value


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} must be a number of seconds") from None
    if value < 0:
        raise ConfigError(f"{name}={raw!r} must not be negative")
    return value


def _count(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name}={raw!r} must be a whole number of 0 or more")
    return int(raw)


def load_settings() -> dict[str, object]:
    env = app_env(os.environ.get("APP_ENV", "development"))
    inst = instance_path()
    settings: dict[str, object] = {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "DATABASE_URL": database_url(),
        "SEARCH_URL": search_url(),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(inst / "uploads")),
        "OUTBOX_FOLDER": os.environ.get("OUTBOX_FOLDER", str(inst / "outbox")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 40 * 1024 * 1024)),
        "MAX_PHOTO_BYTES": int(os.environ.get("MAX_PHOTO_BYTES", 8 * 1024 * 1024)),
        # Suppliers' verification documents: private files, never under static/.
        "DOCUMENTS_FOLDER": os.environ.get("DOCUMENTS_FOLDER", str(inst / "documents")),
        "MAX_DOCUMENT_BYTES": int(os.environ.get("MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)),
        "ATTACHMENTS_FOLDER": os.environ.get("ATTACHMENTS_FOLDER", str(inst / "attachments")),
        "MAX_ATTACHMENTS": int(os.environ.get("MAX_ATTACHMENTS", 5)),
        # rfqs: at most this many suppliers invited to one request for quotation, and
        # how many requests one buyer may publish per hour and per day.
        "RFQ_MAX_INVITES": int(os.environ.get("RFQ_MAX_INVITES", 20)),
        "RFQ_PUBLISH_PER_HOUR": int(os.environ.get("RFQ_PUBLISH_PER_HOUR", 5)),
        "RFQ_PUBLISH_PER_DAY": int(os.environ.get("RFQ_PUBLISH_PER_DAY", 20)),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "no-reply@moitruong.hanoi.example"),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600)),
        # Shared by every worker and node: Redis when REDIS_URL is set, else the database.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "").strip()
        or os.environ.get("REDIS_URL", "").strip()
        or "marketplace+db://",
        # Per address, and (failed attempts) per account e-mail.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per 15 minutes"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "5 per hour"),
        "RESET_ACCOUNT_RATE_LIMIT": os.environ.get("RESET_ACCOUNT_RATE_LIMIT", "3 per hour"),
        # Per buyer account: new inquiries (only those sent count), and thread messages.
        "INQUIRY_RATE_LIMIT": os.environ.get("INQUIRY_RATE_LIMIT", "10 per hour;30 per day"),
        "MESSAGE_RATE_LIMIT": os.environ.get("MESSAGE_RATE_LIMIT", "60 per hour"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto; 0
        # trusts none (a client could otherwise pick its own address for the limits).
        "TRUSTED_PROXIES": _count("TRUSTED_PROXIES", 0),
        # Links in e-mails start with this, never with the request's Host header.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
        or ("" if env == "production" else "http://localhost:5000"),
        "INVITATION_MAX_AGE": int(os.environ.get("INVITATION_MAX_AGE", 7 * 24 * 3600)),
        # A login unused this long (seconds) has to log in again.
        "USER_SESSION_MAX_IDLE": int(os.environ.get("USER_SESSION_MAX_IDLE", 14 * 24 * 3600)),
        "BABEL_DEFAULT_LOCALE": "vi",
        # Times are stored as naive UTC; pages show them as the city lives them
        # (RFQ deadlines are Hà Nội days too).
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        "FORCE_HTTPS": env == "production",
        "SHARE_THRESHOLD_PCT": _percent("SHARE_THRESHOLD_PCT", "30"),
        # Who applies the search outbox: `inline` (after each commit, in the process
        # that committed) or `worker` (the task queue's worker; web requests never wait).
        "INDEXER": os.environ.get("INDEXER", "").strip().lower()
        or ("worker" if env == "production" else "inline"),
        # Seconds; 0 means no limit. Web requests get DB_STATEMENT_TIMEOUT, sessions
        # opened outside a request (CLI commands, background jobs) DB_JOB_STATEMENT_TIMEOUT.
        "DB_CONNECT_TIMEOUT": _seconds("DB_CONNECT_TIMEOUT", 5),
        "DB_STATEMENT_TIMEOUT": _seconds("DB_STATEMENT_TIMEOUT", 30),
        "DB_JOB_STATEMENT_TIMEOUT": _seconds("DB_JOB_STATEMENT_TIMEOUT", 3600),
        "DB_POOL_TIMEOUT": _seconds("DB_POOL_TIMEOUT", 10),
        "HEALTH_TIMEOUT": _seconds("HEALTH_TIMEOUT", 3),
    }
    return settings


def secret_key_weakness(key: str) -> str | None:
    """Why `key` is too weak to sign production sessions, or None when it will do."""
    if not key:
        return "it is not set"
    if key == DEV_SECRET_KEY:
        return "it is the development key"
    if any(ch.isspace() for ch in key):
        return "it contains spaces"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_SECRET_KEY_LENGTH}"
    if len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        return (
            f"it repeats too few characters ({len(set(key))} distinct, "
            f"at least {MIN_SECRET_KEY_DISTINCT} needed)"
        )
    return None


def check_production(settings: Mapping[str, object]) -> None:
    """Refuse an unknown APP_ENV, and in production a missing PUBLIC_BASE_URL or a
    missing or guessable SECRET_KEY."""
    if app_env(settings.get("APP_ENV", "development")) != "production":
        return
    weakness = secret_key_weakness(str(settings.get("SECRET_KEY") or ""))
    if weakness:
        raise ConfigError(
            f"SECRET_KEY is too weak for production: {weakness}. Set it to a random value "
            f"of at least {MIN_SECRET_KEY_LENGTH} characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    base = str(settings.get("PUBLIC_BASE_URL") or "")
    if not base.startswith("https://") or len(base) <= len("https://"):
        raise ConfigError(
            f"PUBLIC_BASE_URL={base!r} must be set in production to the site's public "
            "address, e.g. https://thitruong.moitruong.hanoi.gov.vn: links in e-mails "
            "are built from it, never from the request's Host header"
        )
