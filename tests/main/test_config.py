"""Settings from the environment: only known environments, no guessable production keys,
bounded database waits."""

from __future__ import annotations

import secrets

import pytest

from marketplace import create_app
from marketplace.config import ConfigError, load_settings

STRONG_KEY = "Zq8-vN3xLp0_Rt5wYb7cKm2sJd9fHg4e"  # 32 characters, 32 different


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'marketplace.db'}")
    monkeypatch.setenv("SEARCH_URL", f"whoosh:///{tmp_path / 'index'}")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://thitruong.example.vn")
    return monkeypatch


@pytest.mark.parametrize("value", ["Production", "PRODUCTION", " production "])
def test_app_env_ignores_case_and_spaces(production, value):
    production.setenv("APP_ENV", value)
    app = create_app()
    assert load_settings()["APP_ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize("value", ["prod", "staging", "develop", ""])
def test_unknown_app_env_is_refused_naming_the_allowed_values(production, value):
    production.setenv("APP_ENV", value)
    with pytest.raises(ConfigError) as refused:
        create_app()
    message = str(refused.value)
    assert f"APP_ENV={value!r}" in message
    assert "development, production, testing" in message


def test_unknown_app_env_given_as_an_override_is_refused(production):
    production.setenv("APP_ENV", "development")
    with pytest.raises(ConfigError, match="APP_ENV='prod'"):
        create_app({"APP_ENV": "prod"})


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "it is not set"),
        ("dev-only-not-secret", "it is the development key"),
        ("short-but-random-9f3K", "it has 21 characters, fewer than 32"),
        ("a" * 32, "it repeats too few characters (1 distinct, at least 10 needed)"),
        (
            "abcabcabcabcabcabcabcabcabcabcabcabc",
            "it repeats too few characters (3 distinct, at least 10 needed)",
        ),
        (" " * 40, "it contains spaces"),
        ("correct horse battery staple is a good key", "it contains spaces"),
    ],
)
def test_production_refuses_a_weak_secret_key_saying_why(production, key, reason):
    production.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError) as refused:
        create_app()
    assert str(refused.value).startswith(f"SECRET_KEY is too weak for production: {reason}.")


def test_production_accepts_a_random_key(production):
    production.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    app = create_app()
    assert app.config["APP_ENV"] == "production"
    app.extensions["db_engine"].dispose()


def test_development_keeps_the_development_key(production):
    production.setenv("APP_ENV", "development")
    production.delenv("SECRET_KEY")
    app = create_app()
    assert app.config["SECRET_KEY"] == "dev-only-not-secret"
    app.extensions["db_engine"].dispose()


def test_database_timeouts_have_bounded_defaults(production):
    settings = load_settings()
    assert settings["DB_CONNECT_TIMEOUT"] == 5
    assert settings["DB_STATEMENT_TIMEOUT"] == 30
    assert settings["DB_JOB_STATEMENT_TIMEOUT"] == 3600
    assert settings["DB_POOL_TIMEOUT"] == 10


def test_database_timeouts_come_from_the_environment(production):
    production.setenv("DB_STATEMENT_TIMEOUT", "2.5")
    production.setenv("DB_JOB_STATEMENT_TIMEOUT", "0")
    settings = load_settings()
    assert settings["DB_STATEMENT_TIMEOUT"] == 2.5
    assert settings["DB_JOB_STATEMENT_TIMEOUT"] == 0


@pytest.mark.parametrize("value", ["thirty", "-1"])
def test_a_timeout_that_is_not_a_number_of_seconds_is_refused(production, value):
    production.setenv("DB_CONNECT_TIMEOUT", value)
    with pytest.raises(ConfigError, match=f"DB_CONNECT_TIMEOUT='{value}'"):
        load_settings()


def test_the_share_threshold_takes_two_decimals(production):
    production.setenv("SHARE_THRESHOLD_PCT", "30.5")
    assert str(load_settings()["SHARE_THRESHOLD_PCT"]) == "30.5"


@pytest.mark.parametrize("value", ["abc", "101", "-1", "30.125", "nan"])
def test_a_bad_share_threshold_is_refused_naming_it(production, value):
    production.setenv("SHARE_THRESHOLD_PCT", value)
    with pytest.raises(ConfigError, match="SHARE_THRESHOLD_PCT"):
        load_settings()
