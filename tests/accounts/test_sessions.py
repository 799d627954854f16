"""Server-side sessions: logout, password changes and deactivation really end them."""

from __future__ import annotations

from flask_login.utils import encode_cookie
from sqlalchemy import select

from marketplace.accounts.models import Role, UserSession
from marketplace.audit.models import AuditEvent
from marketplace.db import new_session
from tests.accounts.helpers import add_user, log_in, signed_in


def _rows(app, user_id):
    with app.app_context(), new_session(app) as s:
        return list(s.scalars(select(UserSession).where(UserSession.user_id == user_id)))


def test_a_logged_out_cookie_replayed_is_refused(app):
    user = add_user(app, email="a@example.vn")
    browser = app.test_client()
    log_in(browser, user.email)
    cookie = browser.get_cookie("session").value
    browser.post("/account/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie, domain="localhost")
    response = thief.get("/account/sessions")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_copied_cookie_works_while_the_session_is_open(app):
    user = add_user(app, email="a@example.vn")
    browser = app.test_client()
    log_in(browser, user.email)
    copy = app.test_client()
    copy.set_cookie("session", browser.get_cookie("session").value, domain="localhost")
    assert signed_in(copy)


def test_login_records_browser_and_address_and_stores_only_a_hash(app):
    user = add_user(app, email="a@example.vn")
    browser = app.test_client()
    log_in(browser, user.email, headers={"User-Agent": "Firefox/140"})
    (row,) = _rows(app, user.id)
    assert row.user_agent == "Firefox/140" and row.ip_address == "127.0.0.1"
    with browser.session_transaction() as sess:
        token = sess["_sid"]
    assert row.token_hash != token and len(row.token_hash) == 64
    assert row.ended_at is None


def test_logout_ends_the_session_row(app):
    user = add_user(app, email="a@example.vn")
    browser = app.test_client()
    log_in(browser, user.email)
    browser.post("/account/logout")
    (row,) = _rows(app, user.id)
    assert row.ended_at is not None


def test_sessions_page_lists_open_sessions_and_ends_one(app):
    user = add_user(app, email="a@example.vn")
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, user.email, headers={"User-Agent": "Phone browser"})
    log_in(laptop, user.email, headers={"User-Agent": "Laptop browser"})
    html = laptop.get("/account/sessions").get_data(as_text=True)
    assert "Phone browser" in html and "Laptop browser" in html
    phone_row = next(r for r in _rows(app, user.id) if r.user_agent == "Phone browser")
    response = laptop.post(f"/account/sessions/{phone_row.id}/end")
    assert response.status_code == 302
    assert not signed_in(phone)
    assert signed_in(laptop)


def test_nobody_ends_another_users_session(app):
    owner = add_user(app, email="owner@example.vn")
    other = add_user(app, email="other@example.vn")
    victim, attacker = app.test_client(), app.test_client()
    log_in(victim, owner.email)
    log_in(attacker, other.email)
    (row,) = _rows(app, owner.id)
    assert attacker.post(f"/account/sessions/{row.id}/end").status_code == 404
    assert signed_in(victim)


def test_log_out_everywhere_else_keeps_this_browser_and_is_audited(app):
    user = add_user(app, email="a@example.vn")
    first, second, third = app.test_client(), app.test_client(), app.test_client()
    for c in (first, second, third):
        log_in(c, user.email)
    html = third.post("/account/sessions/end-others", follow_redirects=True).get_data(as_text=True)
    assert "Đã đăng xuất 2 phiên khác." in html
    assert not signed_in(first) and not signed_in(second) and signed_in(third)
    with app.app_context(), new_session(app) as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "sessions_ended"))
    assert event.actor_id == user.id and event.after == {"ended": 2}


def test_password_change_ends_the_other_sessions_only(app):
    user = add_user(app, email="a@example.vn")
    other, here = app.test_client(), app.test_client()
    log_in(other, user.email)
    log_in(here, user.email)
    response = here.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "mat-khau-moi-1",
            "confirm": "mat-khau-moi-1",
        },
    )
    assert response.status_code == 302
    assert signed_in(here) and not signed_in(other)


def test_deactivation_ends_every_session(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    user = add_user(app, email="a@example.vn")
    victim, boss = app.test_client(), app.test_client()
    log_in(victim, user.email)
    log_in(boss, admin.email)
    boss.post(f"/account/users/{user.id}/deactivate", data={"reason": "left the company"})
    assert not signed_in(victim)
    assert all(r.ended_at is not None for r in _rows(app, user.id))


def test_a_remember_me_cookie_alone_does_not_log_in(app):
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    with app.app_context():
        forged = encode_cookie(str(user.id))
    client.set_cookie("remember_token", forged, domain="localhost")
    assert not signed_in(client)


def test_a_session_idle_too_long_must_log_in_again(make_app):
    app = make_app(USER_SESSION_MAX_IDLE=0)
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    log_in(client, user.email)
    assert not signed_in(client)


def test_signed_in_pages_are_not_stored_by_browsers(app):
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    log_in(client, user.email)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/account/sessions").headers["Cache-Control"] == "no-store"


def test_login_starts_a_fresh_flask_session_keeping_the_language(app):
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["lang"] = "en"
        sess["planted"] = "by an attacker"
    log_in(client, user.email)
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess["lang"] == "en"
