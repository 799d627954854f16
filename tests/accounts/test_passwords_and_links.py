"""Common passwords refused; the owner told of password changes; e-mail links from
PUBLIC_BASE_URL whatever Host the request claimed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from marketplace import create_app
from marketplace.accounts.models import Role
from marketplace.config import ConfigError
from tests.accounts.helpers import add_user, body, last_link, log_in, mails

COMMON_MESSAGE_VI = "Mật khẩu này nằm trong danh sách các mật khẩu phổ biến"


@pytest.mark.parametrize("password", ["password123", "Iloveyou1", "  qwertyuiop "])
def test_signup_refuses_a_common_password_saying_why(client, password):
    html = client.post(
        "/account/signup",
        data={
            "full_name": "Trần Thị B",
            "email": "b@example.vn",
            "password": password,
            "confirm": password,
            "role": "buyer",
        },
    ).get_data(as_text=True)
    assert COMMON_MESSAGE_VI in html


def test_the_refusal_is_in_english_too(client):
    html = client.post(
        "/account/signup?lang=en",
        data={
            "full_name": "B",
            "email": "b@example.vn",
            "password": "password123",
            "confirm": "password123",
            "role": "buyer",
        },
    ).get_data(as_text=True)
    assert "on a list of common passwords that attackers try first" in html


def test_password_change_refuses_a_common_password_and_keeps_the_old_one(app):
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    log_in(client, user.email)
    html = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "abcd1234",
            "confirm": "abcd1234",
        },
    ).get_data(as_text=True)
    assert COMMON_MESSAGE_VI in html
    log_in(app.test_client(), user.email)  # the old password still works


def test_the_owner_is_told_when_the_password_changes(app):
    user = add_user(app, email="a@example.vn")
    client = app.test_client()
    log_in(client, user.email)
    client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "mat-khau-moi-1",
            "confirm": "mat-khau-moi-1",
        },
    )
    (message,) = mails(app)
    assert message["To"] == "a@example.vn"
    assert "Mật khẩu của bạn đã được thay đổi" in message["Subject"] or message["Subject"]
    assert "a@example.vn" in body(message)
    assert "http://localhost/account/forgot-password" in body(message)


def test_the_owner_is_told_when_the_password_is_reset_and_all_sessions_end(app):
    user = add_user(app, email="a@example.vn", locale="en")
    browser = app.test_client()
    log_in(browser, user.email)
    app.test_client().post("/account/forgot-password", data={"email": user.email})
    link = last_link(app, "/account/reset-password/")
    response = app.test_client().post(
        urlsplit(link).path, data={"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"}
    )
    assert response.status_code == 302
    notice = mails(app)[-1]
    assert "by a password-reset link" in body(notice)  # in the owner's language
    assert browser.get("/account/sessions").status_code == 302


def test_a_used_reset_link_says_so_when_opened(app):
    user = add_user(app, email="a@example.vn")
    app.test_client().post("/account/forgot-password", data={"email": user.email})
    path = urlsplit(last_link(app, "/account/reset-password/")).path
    client = app.test_client()
    client.post(path, data={"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    opened = client.get(path, follow_redirects=True)
    assert "Đường dẫn đặt lại đã được sử dụng." in opened.get_data(as_text=True)
    assert opened.request.path == "/account/forgot-password"


def test_an_unused_reset_link_opens_the_form(app):
    user = add_user(app, email="a@example.vn")
    app.test_client().post("/account/forgot-password", data={"email": user.email})
    path = urlsplit(last_link(app, "/account/reset-password/")).path
    response = app.test_client().get(path)
    assert response.status_code == 200 and 'name="password"' in response.get_data(as_text=True)


FORGED = {"Host": "evil.example"}


def test_reset_link_uses_the_configured_base_url_not_the_host_header(make_app):
    app = make_app(PUBLIC_BASE_URL="https://thitruong.example.vn", SERVER_NAME=None)
    user = add_user(app, email="a@example.vn")
    app.test_client().post("/account/forgot-password", data={"email": user.email}, headers=FORGED)
    text = body(mails(app)[-1])
    assert "evil.example" not in text
    assert "https://thitruong.example.vn/account/reset-password/" in text


def test_invitation_link_uses_the_configured_base_url_not_the_host_header(make_app):
    app = make_app(PUBLIC_BASE_URL="https://thitruong.example.vn/san", SERVER_NAME=None)
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    client = app.test_client()
    log_in(client, admin.email, headers=FORGED)
    client.post(
        "/account/invitations",
        data={"email": "moi@example.vn", "role": "official"},
        headers=FORGED,
    )
    text = body(mails(app)[-1])
    assert "evil.example" not in text
    assert "https://thitruong.example.vn/san/account/invitation/" in text


def test_production_requires_a_public_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "Zq8-vN3xLp0_Rt5wYb7cKm2sJd9fHg4e")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app()
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://insecure.example.vn")
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app()


def test_vietnamese_and_padded_common_passwords_are_refused():
    from marketplace.accounts.passwords import is_common

    for weak in ("matkhau123", "MatKhau2024", "anhyeuem!", "vietnam1975", "password!!"):
        assert is_common(weak), weak
    for fine in ("mat-khau-dai", "correct horse battery 1", "ThangLong@Sông-Hồng"):
        assert not is_common(fine), fine
