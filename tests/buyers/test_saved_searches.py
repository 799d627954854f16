"""Saved searches: saving from the results page, opening, renaming, deleting, and
the alerts about new matching products (the same search service as the page)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.buyers import saved_searches
from marketplace.buyers.alerts import KIND, check_saved_searches
from marketplace.buyers.models import SavedSearch
from marketplace.db import utcnow
from marketplace.notifications.models import Notification
from marketplace.search_sync import get_backend
from tests.factories import make_product, make_supplier, make_user
from tests.verification.helpers import outbox


def _save(session, user, name="Máy ép bùn", **args):
    return saved_searches.save_search(session, user, name, {"q": "máy ép bùn", **args})


def test_save_the_search_on_show_with_its_filters(client, session, login_as):
    login_as("buyer")
    html = client.get("/search?q=may+ep+bun&made_in=VN").get_data(as_text=True)
    assert 'action="/saved-searches"' in html and 'name="made_in" value="VN"' in html
    response = client.post(
        "/saved-searches",
        data={
            "name": "Máy ép bùn nội địa",
            "q": "may ep bun",
            "made_in": "VN",
            "page": "3",
            "notify": "y",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Đã lưu tìm kiếm với tên “Máy ép bùn nội địa”." in html
    saved = session.scalars(select(SavedSearch)).one()
    assert saved.params == {"q": "may ep bun", "made_in": "VN"} and saved.notify
    opened = client.get(f"/saved-searches/{saved.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"] in (
        "/search?q=may+ep+bun&made_in=VN",
        "/search?made_in=VN&q=may+ep+bun",
    )


def test_a_search_needs_a_name(client, session, login_as):
    login_as("buyer")
    html = client.post(
        "/saved-searches", data={"name": " ", "q": "x"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Hãy đặt tên cho tìm kiếm." in html
    assert session.scalars(select(SavedSearch)).first() is None


def test_anonymous_visitors_are_invited_to_log_in(client):
    html = client.get("/search?q=bun").get_data(as_text=True)
    assert "Đăng nhập để lưu tìm kiếm này" in html
    assert client.get("/saved-searches").status_code == 302


def test_rename_and_turn_alerts_off(client, session, login_as):
    user = login_as("buyer")
    saved = _save(session, user)
    client.post(f"/saved-searches/{saved.id}/rename", data={"name": "Bùn – dự án Gia Lâm"})
    client.post(f"/saved-searches/{saved.id}/alerts", data={"on": "0"})
    session.refresh(saved)
    assert saved.name == "Bùn – dự án Gia Lâm" and not saved.notify
    html = client.get("/saved-searches").get_data(as_text=True)
    assert "Bùn – dự án Gia Lâm" in html and "Thông báo đang tắt · Bật" in html


def test_delete_asks_for_confirmation_first(client, session, login_as):
    user = login_as("buyer")
    saved = _save(session, user)
    page = client.get(f"/saved-searches/{saved.id}/delete").get_data(as_text=True)
    assert "Xóa Máy ép bùn?" in page and session.get(SavedSearch, saved.id) is not None
    html = client.post(f"/saved-searches/{saved.id}/delete", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Đã xóa tìm kiếm đã lưu “Máy ép bùn”." in html
    assert "Bạn chưa có tìm kiếm nào được lưu." in html
    saved_id = saved.id
    session.expire_all()
    assert session.get(SavedSearch, saved_id) is None


def test_anothers_saved_search_does_not_exist(client, session, login_as):
    saved = _save(session, make_user(session, Role.BUYER), name="Của người khác")
    login_as("buyer")
    assert "Của người khác" not in client.get("/saved-searches").get_data(as_text=True)
    assert client.get(f"/saved-searches/{saved.id}").status_code == 404
    assert client.get(f"/saved-searches/{saved.id}/delete").status_code == 404
    assert client.post(f"/saved-searches/{saved.id}/delete").status_code == 404
    assert client.post(f"/saved-searches/{saved.id}/rename", data={"name": "x"}).status_code == 404
    assert client.post(f"/saved-searches/{saved.id}/alerts", data={"on": "0"}).status_code == 404
    session.refresh(saved)
    assert saved.name == "Của người khác" and saved.notify


def test_the_list_is_paginated_and_in_english(client, session, login_as):
    user = login_as("buyer")
    for i in range(22):
        _save(session, user, name=f"Tìm {i:02d}")
    client.post("/language/en")
    html = client.get("/saved-searches?page=2").get_data(as_text=True)
    assert "Saved searches" in html and "Tìm 00" in html and "Tìm 21" not in html


def test_the_filters_read_as_words_not_codes(client, session, login_as):
    user = login_as("buyer")
    _save(session, user, category="WW-SLU", made_in="VN")
    html = client.get("/saved-searches?lang=en").get_data(as_text=True)
    assert "Made in Vietnam" in html and ">WW-SLU<" not in html and ">VN<" not in html


# --- alerts ---


def _notices(session, user):
    return session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == KIND)
    ).all()


def test_products_listed_after_saving_are_told_once(app, session):
    buyer = make_user(session, Role.BUYER)
    supplier = make_supplier(session)
    make_product(  # listed before the search was saved
        session, supplier, name="Máy ép bùn băng tải cũ", published_at=utcnow() - timedelta(days=1)
    )
    saved = _save(session, buyer)
    backend = get_backend(app)
    assert check_saved_searches(session, backend) == 0
    make_product(session, supplier, name="Máy ép bùn trục vít 300")
    make_product(session, supplier, name="Máy ép bùn khung bản 800")
    make_product(
        session, supplier, name="Thùng rác nhựa 240 lít", category_code="COL", description=""
    )
    with app.test_request_context():
        assert check_saved_searches(session, backend) == 1
    [notice] = _notices(session, buyer)
    assert notice.params == {"name": "Máy ép bùn", "count": 2}
    assert notice.link == f"/saved-searches/{saved.id}"
    # The next run has nothing new to tell, even within the look-back window.
    assert check_saved_searches(session, backend) == 0
    make_product(session, supplier, name="Máy ép bùn ly tâm")
    assert check_saved_searches(session, backend) == 1
    notices = _notices(session, buyer)
    assert sorted(n.params["count"] for n in notices) == [1, 2]
    mails = [m for m in outbox(app) if m["To"] == buyer.email]
    assert len(mails) == 2
    body = mails[0].get_content()
    assert "sản phẩm mới phù hợp với tìm kiếm đã lưu “Máy ép bùn”" in body
    assert f"http://localhost/saved-searches/{saved.id}" in body


def test_filters_of_the_saved_search_apply(app, session):
    buyer = make_user(session, Role.BUYER)
    supplier = make_supplier(session)
    saved_searches.save_search(session, buyer, "Nội địa", {"q": "máy ép bùn", "made_in": "VN"})
    make_product(session, supplier, name="Máy ép bùn nhập khẩu", origin="DE")
    assert check_saved_searches(session, get_backend(app)) == 0
    make_product(session, supplier, name="Máy ép bùn Việt Nam", origin="VN")
    assert check_saved_searches(session, get_backend(app)) == 1
    assert _notices(session, buyer)[0].params["count"] == 1


def test_no_alerts_when_switched_off_or_for_unlisted_products(app, session):
    buyer = make_user(session, Role.BUYER)
    supplier = make_supplier(session)
    saved = _save(session, buyer)
    make_product(session, supplier, name="Máy ép bùn nháp", active=False)
    assert check_saved_searches(session, get_backend(app)) == 0
    saved_searches.set_alerts(session, buyer, saved.id, False)
    make_product(session, supplier, name="Máy ép bùn mới")
    assert check_saved_searches(session, get_backend(app)) == 0
    assert _notices(session, buyer) == []


def test_an_alert_is_worded_in_english_for_an_english_reader(client, session, login_as):
    buyer = login_as("buyer")
    buyer.locale = "en"
    session.commit()
    _save(session, buyer, name="Presses")
    make_product(session, make_supplier(session), name="Máy ép bùn mới")
    check_saved_searches(session, get_backend(client.application))
    client.post("/language/en")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "1 new product matches your saved search “Presses”." in html


def test_the_command_line_runs_the_check(app, session):
    buyer = make_user(session, Role.BUYER)
    _save(session, buyer)
    make_product(session, make_supplier(session), name="Máy ép bùn mới")
    result = app.test_cli_runner().invoke(args=["buyers", "check-saved-searches"])
    assert result.exit_code == 0 and "1 notice(s) sent." in result.output
    session.expire_all()
    assert len(_notices(session, buyer)) == 1
