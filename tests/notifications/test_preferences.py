"""Each user chooses, per group of kinds, whether to get e-mails; in-app notices are
always kept."""

from __future__ import annotations

import pytest
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.notifications import messages, preferences, services
from marketplace.notifications.models import Notification, NotificationPreference
from marketplace.verification import services as verification
from marketplace.verification.machine import Action
from tests.factories import make_supplier, make_user
from tests.verification.helpers import outbox

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent

messages.register(
    "test.saved_search", lambda p: _("Saved searches") + f" {p['n']}", group="saved_searches"
)
messages.register("test.account", lambda p: "account")


def test_the_settings_page_lists_every_group_switched_on_by_default(client, login_as):
    login_as("buyer")
    html = client.get("/notifications/settings").get_data(as_text=True)
    for label in (
        "Tin nhắn và yêu cầu thông tin",
        "Yêu cầu báo giá và báo giá",
        "Xác minh doanh nghiệp của bạn",
        "Sản phẩm mới cho các tìm kiếm đã lưu",
    ):
        assert label in html
    assert html.count("checked") == 4


def test_switching_a_group_off_is_stored_and_shown(client, session, login_as):
    user = login_as("buyer")
    response = client.post(
        "/notifications/settings",
        data={"inquiries": "y", "rfqs": "y", "verification": "y"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Đã lưu lựa chọn nhận thư của bạn." in html and html.count("checked") == 3
    assert preferences.get_email_choices(session, user.id)["saved_searches"] is False
    rows = session.scalars(select(NotificationPreference)).all()
    assert {(r.group, r.email) for r in rows} == {
        ("inquiries", True),
        ("rfqs", True),
        ("verification", True),
        ("saved_searches", False),
    }


def test_deliver_keeps_the_notice_but_mails_only_those_who_want_it(app, session):
    wants = make_user(session, Role.BUYER)
    declines = make_user(session, Role.BUYER)
    preferences.set_email_choices(session, declines, {"saved_searches": False})
    services.deliver(session, [wants, declines], "test.saved_search", {"n": 1}, "/shortlist")
    session.commit()
    assert {n.user_id for n in session.scalars(select(Notification))} == {wants.id, declines.id}
    assert [m["To"] for m in outbox(app)] == [wants.email]
    body = outbox(app)[0].get_content()
    assert "http://localhost/shortlist" in body
    assert "Chọn những thư bạn muốn nhận: http://localhost/notifications/settings" in body


def test_a_kind_without_a_group_is_always_mailed(app, session):
    user = make_user(session, Role.BUYER)
    preferences.set_email_choices(session, user, dict.fromkeys(messages.GROUPS, False))
    services.deliver(session, [user], "test.account")
    session.commit()
    assert [m["To"] for m in outbox(app)] == [user.email]


def test_verification_mails_respect_the_choice(app, session):
    supplier = make_supplier(session, state="pending", name="Công ty Xanh")
    wants = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    declines = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    preferences.set_email_choices(session, declines, {"verification": False})
    official = make_user(session, Role.OFFICIAL)
    with app.test_request_context():
        verification.transition(session, supplier, Action.APPROVE, official, "Giấy tờ gốc tại Sở")
    assert [m["To"] for m in outbox(app)] == [wants.email]
    told = session.scalars(
        select(Notification.user_id).where(Notification.kind == "verification.approved")
    )
    assert set(told) == {wants.id, declines.id}


def test_an_unknown_group_is_refused(session):
    import pytest

    from marketplace.errors import InvalidInput

    user = make_user(session, Role.BUYER)
    with pytest.raises(InvalidInput):
        preferences.set_email_choices(session, user, {"spam": False})
    with pytest.raises(ValueError):
        messages.register("test.bad", lambda p: "", group="spam")


def test_the_page_is_linked_from_the_notices_and_the_account_page(client, login_as):
    login_as("buyer")
    assert "/notifications/settings" in client.get("/notifications/").get_data(as_text=True)
    assert "/notifications/settings" in client.get("/account/password").get_data(as_text=True)
    assert client.get("/notifications/settings").status_code == 200


def test_the_settings_page_in_english(client, login_as):
    login_as("buyer")
    client.post("/language/en")
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "E-mail settings" in html and "Requests for quotation and quotes" in html


def test_anonymous_visitors_are_asked_to_log_in(client):
    assert client.get("/notifications/settings").status_code == 302
