"""The buyer's one list of inquiries and requests for quotation, and the supplier
staff's inbox with a tab for each."""

from __future__ import annotations

from marketplace.accounts.models import Role
from marketplace.buyers.requests import RequestKind, list_requests
from tests.factories import make_product, make_user, sign_in
from tests.inquiries.helpers import Cast, reply, send
from tests.rfqs.helpers import make_world, open_rfq


def _both(app, session):  # type: ignore[no-untyped-def]
    """A buyer with one request for quotation and one inquiry the supplier answered."""
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=w.a)
    c = Cast(
        supplier=w.a,
        product=make_product(session, w.a),
        staff=staff,
        colleague=staff,
        buyer=w.buyer,
    )
    inquiry = send(app, session, c, subject="Hỏi giá máy ép bùn")
    reply(app, session, staff, inquiry, "Giá 700 triệu, giao trong 30 ngày.")
    return w, rfq_id, inquiry, staff


def test_the_list_holds_both_kinds_with_their_states_newest_activity_first(app, session):
    w, rfq_id, inquiry, _staff = _both(app, session)
    page = list_requests(session, w.buyer.id)
    assert [(r.kind, r.id, r.state) for r in page.items] == [
        (RequestKind.INQUIRY, inquiry.id, "answered"),
        (RequestKind.RFQ, rfq_id, "open"),
    ]
    assert page.items[0].unread and page.items[0].counterpart == w.a.name
    assert page.items[1].invited >= 1 and page.items[1].quotes == 0
    only_rfqs = list_requests(session, w.buyer.id, RequestKind.RFQ)
    assert [r.id for r in only_rfqs.items] == [rfq_id] and only_rfqs.total == 1
    assert list_requests(session, w.staff_a.id).total == 0  # one's own only


def test_the_page_in_both_languages_with_the_navbar_badge(app, client, session):
    w, rfq_id, inquiry, _staff = _both(app, session)
    sign_in(client, session, w.buyer)
    en = client.get("/my-requests?lang=en").text
    assert f"/rfqs/{rfq_id}" in en and f"/inquiries/{inquiry.id}" in en
    assert "Answered" in en and "New reply" in en and 'data-requests-unread="1"' in en
    assert client.get("/my-requests?kind=bogus").status_code == 404


def test_one_kind_in_vietnamese(app, client, session):
    # One language per test: the test session keeps the first request's locale.
    w, rfq_id, inquiry, _staff = _both(app, session)
    sign_in(client, session, w.buyer)
    vi = client.get("/my-requests?kind=rfq&lang=vi").text
    assert f"/rfqs/{rfq_id}" in vi and f"/inquiries/{inquiry.id}" not in vi
    assert "Yêu cầu của tôi" in vi and "Đang nhận báo giá" in vi


def test_an_empty_list_says_how_to_start(client, session, login_as):
    login_as("buyer")
    page = client.get("/my-requests?lang=en").text
    assert "Nothing here yet" in page and "/search" in page


def test_only_buyers_have_the_list(client, session, login_as):
    login_as("official")
    response = client.get("/my-requests?lang=en")
    assert response.status_code == 403
    assert "buyers" in response.text


def test_the_staff_inbox_has_a_tab_each_with_their_unread_counts(app, client, session):
    w, _rfq_id, _inquiry, staff = _both(app, session)
    c = Cast(
        supplier=w.a,
        product=make_product(session, w.a),
        staff=staff,
        colleague=staff,
        buyer=w.buyer,
    )
    send(app, session, c, subject="Thêm một câu hỏi")
    sign_in(client, session, w.staff_a)
    page = client.get("/inbox?lang=en").text
    # The invitation nobody opened and the second inquiry (the first was answered).
    assert 'data-inbox-unread="2"' in page
    assert 'href="/inbox/rfqs"' in page and "Requests for quotation" in page


def test_a_page_past_the_end_says_so_rather_than_nothing_here(app, client, session):
    w, _rfq_id, _inquiry, _staff = _both(app, session)
    sign_in(client, session, w.buyer)
    page = client.get("/my-requests?page=9&lang=en").text
    assert "There is no page 9: this list has 1 page." in page and "Nothing here yet" not in page
