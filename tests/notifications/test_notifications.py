"""In-app notices (bell, list, read) and the e-mails the supplier's staff get."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.notifications import services
from marketplace.notifications.models import Notification
from marketplace.verification import services as verification
from marketplace.verification.machine import Action
from tests.factories import make_supplier, make_user
from tests.verification.helpers import outbox


def test_a_rejection_tells_each_staff_member_in_app_and_by_mail(app, session):
    supplier = make_supplier(session, state="pending", name="Công ty Xanh")
    vi = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    en = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)
    en.locale = "en"
    session.commit()
    make_user(session, Role.SUPPLIER_STAFF, supplier=make_supplier(session))  # not told
    official = make_user(session, Role.OFFICIAL)
    with app.test_request_context():
        verification.transition(session, supplier, Action.REJECT, official, "Thiếu giấy ĐKKD")
    notices = session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert [(n.user_id, n.kind) for n in notices] == [
        (vi.id, "verification.rejected"),
        (en.id, "verification.rejected"),
    ]
    mails = {m["To"]: m for m in outbox(app)}
    assert set(mails) == {vi.email, en.email}
    vi_body = mails[vi.email].get_content()
    en_body = mails[en.email].get_content()
    assert "Sở chưa xác minh Công ty Xanh" in vi_body and "Thiếu giấy ĐKKD" in vi_body
    assert "The Department did not verify Công ty Xanh" in en_body
    assert f"/suppliers/{supplier.tax_code}" in en_body


def test_the_bell_counts_unread_notices_and_the_list_shows_them(client, session, login_as):
    user = login_as("supplier_staff", supplier=make_supplier(session))
    services.notify(session, [user], "verification.approved", {"supplier": "Công ty A"}, "/")
    services.notify(session, [user], "verification.restored", {"supplier": "Công ty A"}, "/")
    session.commit()
    html = client.get("/notifications/").get_data(as_text=True)
    assert 'data-unread="2"' in html
    assert "Sở đã xác minh Công ty A." in html and "Sở đã khôi phục xác minh" in html


def test_mark_one_read_and_open_its_link(client, session, login_as):
    user = login_as("buyer")
    notice = services.notify(
        session, [user], "verification.approved", {"supplier": "A"}, "/suppliers/"
    )[0]
    session.commit()
    response = client.post(f"/notifications/{notice.id}/read", data={"open": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/suppliers/")
    session.refresh(notice)
    assert notice.read_at is not None


def test_mark_all_read(client, session, login_as):
    user = login_as("buyer")
    services.notify(session, [user, user, user], "verification.approved", {"supplier": "A"})
    session.commit()
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.get_data(as_text=True)
    assert "data-unread=" not in response.get_data(as_text=True)


def test_someone_elses_notice_is_not_found(client, session, login_as):
    other = make_user(session, Role.BUYER)
    notice = services.notify(session, [other], "verification.approved", {"supplier": "A"})[0]
    session.commit()
    login_as("buyer")
    assert client.post(f"/notifications/{notice.id}/read").status_code == 404
    session.refresh(notice)
    assert notice.read_at is None


def test_notices_need_a_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post("/notifications/read-all").status_code == 302


def test_the_list_is_paginated_and_has_an_empty_state(client, session, login_as):
    user = login_as("buyer")
    assert "Bạn không có thông báo nào." in client.get("/notifications/").get_data(as_text=True)
    services.notify(session, [user] * 25, "verification.approved", {"supplier": "A"})
    session.commit()
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert second.count("Sở đã xác minh A.") == 5


def test_an_unknown_kind_shows_its_name_rather_than_failing(client, session, login_as):
    user = login_as("buyer")
    services.notify(session, [user], "retired.kind", {})
    session.commit()
    assert "retired.kind" in client.get("/notifications/").get_data(as_text=True)


def test_deliver_mails_only_once_the_notice_is_committed(app, session):
    user = make_user(session, Role.BUYER)
    with app.test_request_context():
        services.deliver(session, [user], "test.unknown_kind", {}, "/x")
        assert outbox(app) == []
        session.rollback()
        assert outbox(app) == []
        services.deliver(session, [user], "test.unknown_kind", {}, "/y")
        session.commit()
    assert [m["To"] for m in outbox(app)] == [user.email]
    assert "/y" in outbox(app)[0].get_content()
    assert session.scalars(select(Notification.link)).all() == ["/y"]


def test_times_are_shown_in_hanoi_time(client, session, login_as):
    from datetime import datetime

    user = login_as("buyer")
    # 20:30 UTC on 27 November is 03:30 on 28 November in Hà Nội (UTC+7).
    session.add(
        Notification(
            user_id=user.id, kind="x", params={}, created_at=datetime(2026, 11, 27, 20, 30)
        )
    )
    session.commit()
    page = client.get("/notifications/?lang=vi").text
    assert "03:30 28/11/26" in page and "20:30" not in page
