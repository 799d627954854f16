"""A signed-in user's language choice is stored on the account (e-mails follow it);
a login keeps what the visitor chose before (language, compare tray) and nothing else."""

from __future__ import annotations

import pytest
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.db import new_session
from marketplace.notifications import messages, services
from tests.accounts.helpers import add_user, log_in
from tests.verification.helpers import outbox

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent

KIND = "test.locale_notice"
messages.register(KIND, lambda p: _("Hello,"))


def _locale(app, email: str) -> str | None:
    with app.app_context(), new_session(app) as s:
        return s.scalar(select(User.locale).where(User.email == email))


def _notify(app, email: str) -> None:
    with app.app_context(), new_session(app) as s:
        user = s.scalars(select(User).where(User.email == email)).one()
        services.deliver(s, [user], KIND, {}, None)
        s.commit()


def test_switching_to_english_makes_notice_emails_english(app, client):
    user = add_user(app, Role.BUYER)
    assert log_in(client, user.email).status_code == 302
    assert _locale(app, user.email) is None
    client.post("/language/en", data={"next": "/"})
    assert _locale(app, user.email) == "en"
    _notify(app, user.email)
    [mail] = outbox(app)
    assert mail["Subject"] == "Hanoi Green Industry: Hello,"
    assert "Choose which e-mails you get" in mail.get_content()


def test_the_lang_parameter_is_stored_too(app, client):
    user = add_user(app, Role.BUYER, locale="en")
    log_in(client, user.email)
    client.get("/?lang=vi")
    assert _locale(app, user.email) == "vi"
    _notify(app, user.email)
    [mail] = outbox(app)
    assert mail["Subject"] == "Công nghiệp Xanh Hà Nội: Xin chào,"


def test_a_visitor_switching_language_writes_nothing(app, client):
    assert client.post("/language/en", data={"next": "/"}).status_code == 302


def test_login_takes_the_sessions_language_when_the_user_has_none(app, client):
    fresh = add_user(app, Role.BUYER)
    chosen = add_user(app, Role.BUYER, locale="vi")
    client.post("/language/en", data={"next": "/"})
    log_in(client, fresh.email)
    assert _locale(app, fresh.email) == "en"
    client.post("/account/logout")
    log_in(client, chosen.email)
    assert _locale(app, chosen.email) == "vi"  # their own choice is not overwritten


def test_login_keeps_language_and_compare_tray_and_clears_the_rest(app, client):
    user = add_user(app, Role.BUYER)
    with client.session_transaction() as sess:
        sess["lang"] = "en"
        sess["compare"] = [3, 5]
        sess["something_else"] = "x"
    log_in(client, user.email)
    with client.session_transaction() as sess:
        assert sess["lang"] == "en"
        assert sess["compare"] == [3, 5]
        assert "something_else" not in sess
        assert sess["_user_id"] == str(user.id)


def test_sign_up_keeps_the_compare_tray(app, client):
    with client.session_transaction() as sess:
        sess["compare"] = [7]
        sess["something_else"] = "x"
    response = client.post(
        "/account/signup",
        data={
            "full_name": "Trần Thị B",
            "email": "mua-moi@example.vn",
            "password": "mat-khau-dai",
            "confirm": "mat-khau-dai",
            "role": "buyer",
        },
    )
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert sess["compare"] == [7]
        assert "something_else" not in sess
        assert "_user_id" in sess
