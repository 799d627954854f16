"""Settings from the environment (12-factor); one UPPER_SNAKE name per setting."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # nosec B105 - refused in production below


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


def load_settings() -> dict[str, object]:
    env = os.environ.get("APP_ENV", "development")
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
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "no-reply@moitruong.hanoi.example"),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600)),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        "FORCE_HTTPS": env == "production",
        "SHARE_THRESHOLD_PCT": int(os.environ.get("SHARE_THRESHOLD_PCT", 30)),
    }
    return settings


def check_production(settings: dict[str, object]) -> None:
    """Refuse to start production with a missing or development secret key."""
    if settings.get("APP_ENV") != "production":
        return
    key = str(settings.get("SECRET_KEY") or "")
    if not key or key == DEV_SECRET_KEY or len(key) < 32:
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
