import re
from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.accounts.models import Role, User
from marketplace.config import ConfigError
from tests.factories import PASSWORD, make_user


def _signup(client, role="buyer", email="mua@example.vn"):
    return client.post(
        "/account/signup",
        data={
            "full_name": "Trần Thị B",
            "email": email,
            "password": "mat-khau-dai",
            "confirm": "mat-khau-dai",
            "role": role,
        },
    )


def test_buyer_signs_up_and_is_logged_in(client, session):
    response = _signup(client)
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "mua@example.vn"))
    assert user.role == Role.BUYER and user.password_hash.startswith("$argon2")
    assert "mua@example.vn" in client.get("/").get_data(as_text=True)


def test_supplier_signup_leads_to_company_registration(client):
    response = _signup(client, role="supplier_staff", email="ncc@example.vn")
    assert response.headers["Location"].endswith("/suppliers/new")


def test_signup_cannot_create_an_official(client, session):
    _signup(client, role="official", email="x@example.vn")
    assert session.scalar(select(User).where(User.email == "x@example.vn")) is None


def test_duplicate_email_is_refused_with_a_message(client, session):
    make_user(session, email="trung@example.vn")
    html = _signup(client, email="TRUNG@example.vn").get_data(as_text=True)
    assert "Đã có tài khoản dùng địa chỉ e-mail này." in html


def test_login_with_wrong_password_is_refused(client, session):
    make_user(session, email="a@example.vn")
    html = client.post(
        "/account/login", data={"email": "a@example.vn", "password": "sai"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "E-mail hoặc mật khẩu không đúng." in html


def test_login_and_logout(client, session):
    make_user(session, email="a@example.vn")
    response = client.post("/account/login", data={"email": "a@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert "a@example.vn" in client.get("/").get_data(as_text=True)
    client.post("/account/logout")
    assert "a@example.vn" not in client.get("/").get_data(as_text=True)


def test_login_next_never_leaves_the_site(client, session):
    make_user(session, email="a@example.vn")
    response = client.post(
        "/account/login?next=https://evil.example/",
        data={"email": "a@example.vn", "password": PASSWORD},
    )
    assert "evil" not in response.headers["Location"]


def test_inactive_user_cannot_log_in(client, session):
    user = make_user(session, email="off@example.vn")
    user.active = False
    session.commit()
    client.post("/account/login", data={"email": "off@example.vn", "password": PASSWORD})
    assert "off@example.vn" not in client.get("/").get_data(as_text=True)


def _reset_link(app) -> str:
    mails = sorted(Path(app.config["OUTBOX_FOLDER"]).glob("*.eml"))
    assert mails, "no mail in the outbox"
    body = mails[-1].read_bytes().decode("utf-8", "replace")
    import email

    text = email.message_from_string(body).get_payload(decode=True).decode("utf-8")
    return re.search(r"http://localhost(/account/reset-password/\S+)", text).group(1)


def test_password_reset_through_the_outbox(app, client, session):
    make_user(session, email="quen@example.vn")
    client.post("/account/forgot-password", data={"email": "quen@example.vn"})
    link = _reset_link(app)
    response = client.post(link, data={"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    assert response.headers["Location"].endswith("/account/login")
    ok = client.post(
        "/account/login", data={"email": "quen@example.vn", "password": "mat-khau-moi-1"}
    )
    assert ok.status_code == 302


def test_reset_link_works_only_once(app, client, session):
    make_user(session, email="quen@example.vn")
    client.post("/account/forgot-password", data={"email": "quen@example.vn"})
    link = _reset_link(app)
    client.post(link, data={"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    again = client.post(
        link,
        data={"password": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"},
        follow_redirects=True,
    )
    assert "Đường dẫn đặt lại đã được sử dụng." in again.get_data(as_text=True)


def test_expired_reset_link_is_refused(app, client, session):
    make_user(session, email="quen@example.vn")
    client.post("/account/forgot-password", data={"email": "quen@example.vn"})
    link = _reset_link(app)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    html = client.post(
        link,
        data={"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Đường dẫn đặt lại đã hết hạn." in html


def test_forgot_password_does_not_reveal_unknown_addresses(app, client):
    html = client.post(
        "/account/forgot-password", data={"email": "nobody@example.vn"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Nếu địa chỉ này có tài khoản" in html
    assert not list(Path(app.config["OUTBOX_FOLDER"]).glob("*.eml"))


def test_change_password_needs_the_current_one(client, login_as):
    login_as("buyer")
    bad = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "password": "mat-khau-moi-1",
            "confirm": "mat-khau-moi-1",
        },
    )
    assert "Mật khẩu hiện tại không đúng." in bad.get_data(as_text=True)
    good = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "mat-khau-moi-1",
            "confirm": "mat-khau-moi-1",
        },
    )
    assert good.status_code == 302


def test_login_is_rate_limited(make_app):
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    codes = [
        client.post("/account/login", data={"email": "a@example.vn", "password": "x"}).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429


def test_forms_require_a_csrf_token(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/account/login", data={"email": "a@b.vn", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("key", ["", "dev-only-not-secret", "short"])
def test_production_refuses_a_weak_secret_key(monkeypatch, key):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError):
        create_app()


def test_create_official_cli(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "accounts",
            "create-official",
            "--email",
            "canbo@congthuong.hanoi.gov.vn",
            "--password",
            "mat-khau-can-bo",
        ]
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "canbo@congthuong.hanoi.gov.vn"))
    assert user.role == Role.OFFICIAL
