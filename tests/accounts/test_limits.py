"""Login and reset limits: shared by every worker, per account and per address,
behind trusted proxies only, with Retry-After and a page that says how long."""

from __future__ import annotations

import pytest

from marketplace.config import load_settings
from tests.accounts.helpers import add_user


def _fail(client, email="a@example.vn", addr="10.0.0.1", **kw):
    return client.post(
        "/account/login",
        data={"email": email, "password": "sai-mat-khau"},
        environ_base={"REMOTE_ADDR": addr},
        **kw,
    )


def test_failed_logins_on_one_account_are_limited_across_addresses(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="3 per hour")
    add_user(app, email="a@example.vn")
    client = app.test_client()
    codes = [_fail(client, addr=f"10.0.0.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    # The right password is refused too while the account is limited...
    right = client.post(
        "/account/login",
        data={"email": "a@example.vn", "password": "correct horse battery"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert right.status_code == 429
    # ...but another account is not affected.
    assert _fail(client, email="b@example.vn", addr="10.0.0.9").status_code == 200


def test_a_successful_login_does_not_count_against_the_account(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="2 per hour")
    user = add_user(app, email="a@example.vn")
    for i in range(4):
        response = app.test_client().post(
            "/account/login",
            data={"email": user.email, "password": "correct horse battery"},
            environ_base={"REMOTE_ADDR": f"10.0.1.{i}"},
        )
        assert response.status_code == 302


def test_the_limit_is_shared_by_every_worker(make_app):
    """Two app instances on one database stand for two gunicorn workers."""
    settings = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    assert worker_a.config["RATELIMIT_STORAGE_URI"] == "marketplace+db://"
    a, b = worker_a.test_client(), worker_b.test_client()
    codes = [_fail(c, email=f"x{i}@example.vn").status_code for i, c in enumerate([a, b, a, b])]
    assert codes == [200, 200, 200, 429]


def test_429_has_retry_after_and_says_how_long_in_the_users_language(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="1 per 10 minutes")
    client = app.test_client()
    _fail(client)
    limited = _fail(client)
    assert limited.status_code == 429
    seconds = int(limited.headers["Retry-After"])
    assert 590 <= seconds <= 601
    assert "Vui lòng chờ 10 phút rồi thử lại." in limited.get_data(as_text=True)
    english = _fail(client, query_string={"lang": "en"})
    assert "Please wait 10 minutes before trying again." in english.get_data(as_text=True)


def test_short_waits_are_said_in_seconds(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="1 per 30 seconds")
    client = app.test_client()
    _fail(client)
    html = _fail(client).get_data(as_text=True)
    assert "giây rồi thử lại." in html


def test_forwarded_addresses_are_ignored_without_trusted_proxies(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [
        _fail(
            client, email=f"x{i}@example.vn", headers={"X-Forwarded-For": f"9.9.9.{i}"}
        ).status_code
        for i in range(3)
    ]
    assert codes[-1] == 429  # a spoofed header does not reset the count


def test_behind_one_trusted_proxy_each_client_address_counts(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    client = app.test_client()
    for i in range(3):
        response = _fail(
            client, email=f"x{i}@example.vn", headers={"X-Forwarded-For": f"9.9.9.{i}"}
        )
        assert response.status_code == 200
    same = [
        _fail(client, email=f"y{i}@example.vn", headers={"X-Forwarded-For": "8.8.8.8"}).status_code
        for i in range(3)
    ]
    assert same == [200, 200, 429]


def test_password_reset_requests_are_limited_per_account(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RESET_ACCOUNT_RATE_LIMIT="2 per hour")
    add_user(app, email="a@example.vn")
    client = app.test_client()
    codes = [
        client.post(
            "/account/forgot-password",
            data={"email": "a@example.vn"},
            environ_base={"REMOTE_ADDR": f"10.0.2.{i}"},
        ).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]


def test_password_reset_requests_are_limited_per_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RESET_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [
        client.post("/account/forgot-password", data={"email": f"n{i}@example.vn"}).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]


def test_redis_is_used_when_configured(monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    assert load_settings()["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert load_settings()["RATELIMIT_STORAGE_URI"] == "marketplace+db://"


def _redis_or_skip() -> str:
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis part skipped: no Redis server answers on 127.0.0.1:6379")
    return url


@pytest.mark.engine_independent  # the counts live in Redis, whatever the database
def test_the_limit_is_shared_through_redis_by_every_worker(make_app):
    """With Redis configured, two workers (app instances) count in one place."""
    import uuid

    settings = {
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": "3 per minute",
        "RATELIMIT_STORAGE_URI": _redis_or_skip(),
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # no count from an earlier run
    }
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    a, b = worker_a.test_client(), worker_b.test_client()
    codes = [_fail(c, email=f"r{i}@example.vn").status_code for i, c in enumerate([a, b, a, b])]
    assert codes == [200, 200, 200, 429]
    assert "Retry-After" in _fail(a, email="r9@example.vn").headers
