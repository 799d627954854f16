"""The supplier's inbox and the buyer's list: states, unread markers and counts,
newest activity first, pages, empty states; the navbar's unread count; the limits."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.inquiries import queries
from tests.factories import make_supplier, make_user, sign_in
from tests.inquiries.helpers import cast, reply, send
from tests.share.records_helpers import statements


def test_the_inbox_lists_newest_activity_first_with_unread_markers(app, client, session, login_as):
    c = cast(session)
    old = send(app, session, c, subject="Hỏi giá cũ")
    new = send(app, session, c, subject="Hỏi giá mới")
    reply(app, session, c.colleague, new, "Đã nhận")  # read and answered by a colleague
    reply(app, session, c.buyer, old, "Còn hàng không?")  # the old one moves up, unread
    login_as("supplier_staff", supplier=c.supplier)
    html = client.get("/inbox?lang=en").get_data(as_text=True)
    assert html.index("Hỏi giá cũ") < html.index("Hỏi giá mới")
    assert html.count(">Unread<") == 1
    assert "1 inquiry has a message you have not read." in html
    assert "From Nguyễn Văn A" in html
    assert (
        'aria-current="page" href="/inbox">All <span class="badge text-bg-light">2</span>' in html
    )


def test_the_inbox_filters_by_state(app, client, session, login_as):
    c = cast(session)
    answered = send(app, session, c, subject="Đã trả lời")
    send(app, session, c, subject="Chưa trả lời")
    reply(app, session, c.staff, answered)
    login_as("supplier_staff", supplier=c.supplier)
    html = client.get("/inbox?state=answered").get_data(as_text=True)
    assert "Đã trả lời" in html and "Chưa trả lời" not in html
    html = client.get("/inbox?state=closed").get_data(as_text=True)
    assert "Không có yêu cầu nào ở trạng thái này." in html


def test_the_inbox_is_paged_and_loads_in_a_fixed_number_of_statements(
    app, client, session, login_as
):
    c = cast(session)
    for i in range(22):
        send(app, session, c, subject=f"Yêu cầu số {i:02d}")
    login_as("supplier_staff", supplier=c.supplier)
    first = client.get("/inbox").get_data(as_text=True)
    assert "Yêu cầu số 21" in first and "Yêu cầu số 01" not in first and 'rel="next"' in first
    assert "Yêu cầu số 01" in client.get("/inbox?page=2").get_data(as_text=True)
    # 20 rows cost no more statements than 2: no query per row.
    assert statements(app, client, "/inbox") == statements(app, client, "/inbox?page=2")


@pytest.mark.parametrize(
    ("lang", "text"), [("vi", "Chưa có yêu cầu nào."), ("en", "No inquiry in this list yet.")]
)
def test_an_empty_inbox_says_where_inquiries_come_from(client, session, login_as, lang, text):
    login_as("supplier_staff", supplier=make_supplier(session))
    assert text in client.get(f"/inbox?lang={lang}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["buyer", "official", "admin", "supplier_staff"])
def test_the_inbox_is_for_staff_of_a_registered_supplier(client, session, login_as, role):
    login_as(role)  # staff here have no company yet
    response = client.get("/inbox?lang=en")
    assert response.status_code == 403
    assert "The inbox is for the staff of a registered supplier." in response.get_data(as_text=True)


def test_the_inbox_403_names_the_buyers_menu_item_as_the_navbar_does(client, session, login_as):
    login_as("buyer")
    html = client.get("/inbox?lang=en").get_data(as_text=True)
    assert "Buyers find the inquiries they sent under My requests." in html
    assert ">My requests" in html  # the navbar item it points to


def test_the_buyer_sees_their_inquiries_with_states_and_replies_marked(
    app, client, session, login_as
):
    c = cast(session)
    buyer = login_as("buyer")
    mine = send(app, session, c, buyer=buyer, subject="Của tôi")
    send(app, session, c, subject="Của người khác")
    reply(app, session, c.staff, mine)
    html = client.get("/inquiries?lang=en").get_data(as_text=True)
    assert "Của tôi" in html and "Của người khác" not in html
    assert ">Unread<" in html and ">Answered<" in html
    assert "To Thang Long Environment Co., Ltd." in html  # the supplier's English name


@pytest.mark.parametrize(
    ("lang", "text"),
    [("vi", "Bạn chưa gửi yêu cầu nào."), ("en", "You have not sent an inquiry yet.")],
)
def test_a_buyer_without_inquiries_is_told_how_to_send_one(client, session, login_as, lang, text):
    login_as("buyer")
    assert text in client.get(f"/inquiries?lang={lang}").get_data(as_text=True)


def test_the_nav_links_to_the_list_or_the_inbox(client, session, login_as):
    login_as("supplier_staff", supplier=make_supplier(session))
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/inbox">Inbox<' in html and 'href="/inquiries">' not in html


def test_count_unread_for_the_badge(app, session):
    c = cast(session)
    other_staff = make_user(session, Role.SUPPLIER_STAFF, supplier=make_supplier(session))
    official = make_user(session, Role.OFFICIAL)
    first = send(app, session, c)
    send(app, session, c)
    assert queries.count_unread(session, c.staff) == 2
    assert queries.count_unread(session, c.colleague) == 2  # the staff share their marks
    assert queries.count_unread(session, c.buyer) == 0
    reply(app, session, c.staff, first)
    assert queries.count_unread(session, c.colleague) == 1
    assert queries.count_unread(session, c.buyer) == 1
    assert queries.count_unread(session, other_staff) == 0
    assert queries.count_unread(session, official) == 0
    assert queries.count_unread(session, None) == 0


def _limited_client(make_app, **limits):  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True, **limits)
    with app.app_context(), new_session(app) as s:
        c = cast(s)
        client = app.test_client()
        sign_in(client, s, c.buyer)
        inquiry = send(app, s, c)
        return app, client, c.supplier.tax_code, inquiry.id


def test_new_inquiries_are_limited_per_user_with_a_clear_message(make_app):
    _app, client, tax_code, _id = _limited_client(make_app, INQUIRY_RATE_LIMIT="2 per hour")
    url = f"/suppliers/{tax_code}/inquiries/new"
    form = {"subject": "Hỏi giá", "body": "Xin báo giá"}
    # A form sent back with errors does not count.
    assert client.post(url, data={**form, "quantity": "-1"}).status_code == 422
    assert [client.post(url, data=form).status_code for _ in range(2)] == [302, 302]
    limited = client.post(url, data=form)
    assert limited.status_code == 429
    assert "Bạn đã gửi nhiều yêu cầu trong thời gian ngắn." in limited.get_data(as_text=True)
    english = client.post(url + "?lang=en", data=form).get_data(as_text=True)
    assert "You have sent many inquiries in a short time." in english
    assert "Please wait 60 minutes before trying again." in english


def test_messages_are_limited_per_user(make_app):
    _app, client, _tax, inquiry_id = _limited_client(make_app, MESSAGE_RATE_LIMIT="1 per hour")
    assert client.post(f"/inquiries/{inquiry_id}", data={"body": "một"}).status_code == 302
    limited = client.post(f"/inquiries/{inquiry_id}?lang=en", data={"body": "hai"})
    assert limited.status_code == 429
    assert "You have sent many messages in a short time." in limited.get_data(as_text=True)
