"""Invitations: single-use expiring links that create an account with a role."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Invitation, Role, User
from marketplace.audit.models import AuditEvent
from marketplace.db import new_session, utcnow
from tests.accounts.helpers import add_supplier, add_user, body, last_link, log_in, mails

NEW_PASSWORD = "mat-khau-can-bo-moi"


def _invite(app, client, email="moi@congthuong.hanoi.gov.vn", role="official"):
    return client.post("/account/invitations", data={"email": email, "role": role})


def _accept(client, link, name="Lê Văn C", password=NEW_PASSWORD):
    path = urlsplit(link).path
    return client.post(path, data={"full_name": name, "password": password, "confirm": password})


def _user(app, email):
    with app.app_context(), new_session(app) as s:
        return s.scalar(select(User).where(User.email == email))


def _events(app, action):
    with app.app_context(), new_session(app) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_admin_invites_an_official_who_sets_name_and_password(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    response = _invite(app, boss)
    assert response.status_code == 302
    (message,) = mails(app)
    assert message["To"] == "moi@congthuong.hanoi.gov.vn"
    link = last_link(app, "/account/invitation/")
    newcomer = app.test_client()
    page = newcomer.get(urlsplit(link).path).get_data(as_text=True)
    assert "moi@congthuong.hanoi.gov.vn" in page and "cán bộ" in page
    assert _accept(newcomer, link).status_code == 302
    user = _user(app, "moi@congthuong.hanoi.gov.vn")
    assert user.role == Role.OFFICIAL and user.full_name == "Lê Văn C"
    assert newcomer.get("/account/users").status_code == 200  # logged in as an official
    (invited,) = _events(app, "invited")
    (accepted,) = _events(app, "accepted")
    assert invited.actor_id == admin.id and invited.after["role"] == "official"
    assert accepted.actor_id == user.id and accepted.entity_id == str(user.id)


def test_supplier_staff_invite_a_colleague_to_their_own_supplier(app):
    supplier = add_supplier(app)
    staff = add_user(app, Role.SUPPLIER_STAFF, supplier=supplier, email="ncc@example.vn")
    client = app.test_client()
    log_in(client, staff.email)
    # A staff member cannot pick the role: whatever is posted, a colleague is invited.
    _invite(app, client, email="dongnghiep@example.vn", role="admin")
    assert supplier.name in body(mails(app)[-1])
    colleague = app.test_client()
    _accept(colleague, last_link(app, "/account/invitation/"))
    user = _user(app, "dongnghiep@example.vn")
    assert user.role == Role.SUPPLIER_STAFF and user.supplier_id == supplier.id


def test_a_used_link_says_so(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    _invite(app, boss)
    link = last_link(app, "/account/invitation/")
    _accept(app.test_client(), link)
    again = app.test_client().get(urlsplit(link).path)
    assert again.status_code == 410
    assert "Lời mời này đã được sử dụng." in again.get_data(as_text=True)


def test_an_expired_link_says_so(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    _invite(app, boss)
    with app.app_context(), new_session(app) as s:
        s.scalar(select(Invitation)).expires_at = utcnow() - timedelta(minutes=1)
        s.commit()
    response = _accept(app.test_client(), last_link(app, "/account/invitation/"))
    assert response.status_code == 410
    assert "Lời mời này đã hết hạn." in response.get_data(as_text=True)
    assert _user(app, "moi@congthuong.hanoi.gov.vn") is None


def test_a_revoked_link_says_so(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    _invite(app, boss)
    with app.app_context(), new_session(app) as s:
        invitation_id = s.scalar(select(Invitation.id))
    assert boss.post(f"/account/invitations/{invitation_id}/revoke").status_code == 302
    response = app.test_client().get(urlsplit(last_link(app, "/account/invitation/")).path)
    assert response.status_code == 410
    assert "Lời mời này đã bị thu hồi." in response.get_data(as_text=True)
    assert _events(app, "revoked")[0].actor_id == admin.id


def test_a_made_up_link_says_so(client):
    response = client.get("/account/invitation/not-a-real-token")
    assert response.status_code == 410
    assert "Đường dẫn lời mời này không hợp lệ." in response.get_data(as_text=True)


def test_inviting_an_address_that_has_an_account_says_what_to_do(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    add_user(app, email="co-roi@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    html = _invite(app, boss, email="co-roi@example.vn").get_data(as_text=True)
    assert "Đã có tài khoản dùng địa chỉ e-mail này." in html
    assert not mails(app)


def test_accepting_refuses_a_common_password_and_keeps_the_link_open(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    _invite(app, boss)
    link = last_link(app, "/account/invitation/")
    newcomer = app.test_client()
    html = _accept(newcomer, link, password="password123").get_data(as_text=True)
    assert "danh sách các mật khẩu phổ biến" in html
    assert _accept(newcomer, link).status_code == 302


def test_a_new_invitation_to_the_same_address_withdraws_the_earlier_one(app):
    admin = add_user(app, Role.ADMIN, email="admin@example.vn")
    boss = app.test_client()
    log_in(boss, admin.email)
    _invite(app, boss)
    first = last_link(app, "/account/invitation/")
    _invite(app, boss)
    assert app.test_client().get(urlsplit(first).path).status_code == 410


# Who may open the invitations page and send from it.
@pytest.mark.parametrize(
    ("role", "own_supplier", "status"),
    [
        (None, False, 302),
        ("buyer", False, 403),
        ("supplier_staff", False, 403),  # no company yet
        ("supplier_staff", True, 200),
        ("official", False, 403),
        ("admin", False, 200),
    ],
)
def test_invitations_page_permissions(client, session, login_as, role, own_supplier, status):
    from tests.factories import make_supplier

    if role:
        login_as(role, supplier=make_supplier(session) if own_supplier else None)
    assert client.get("/account/invitations").status_code == status
    posted = client.post("/account/invitations", data={"email": "x@example.vn", "role": "admin"})
    assert posted.status_code == (302 if status == 200 else status)


@pytest.mark.parametrize("role", [None, "buyer", "supplier_staff", "official"])
def test_only_admins_invite_officials_or_admins(client, session, login_as, role):
    if role:
        login_as(role)
    client.post("/account/invitations", data={"email": "x@example.vn", "role": "admin"})
    assert session.scalar(select(Invitation)) is None


def test_staff_cannot_withdraw_another_suppliers_invitation(client, session, login_as):
    from tests.factories import make_supplier

    mine, theirs = make_supplier(session), make_supplier(session)
    invitation = Invitation(
        token_hash="0" * 64,
        email="x@example.vn",
        role=Role.SUPPLIER_STAFF,
        supplier_id=theirs.id,
        expires_at=utcnow() + timedelta(days=1),
    )
    session.add(invitation)
    session.commit()
    login_as("supplier_staff", supplier=mine)
    assert client.post(f"/account/invitations/{invitation.id}/revoke").status_code == 403
    session.refresh(invitation)
    assert invitation.revoked_at is None


def test_admin_cannot_withdraw_a_suppliers_invitation(client, session, login_as):
    from tests.factories import make_supplier

    invitation = Invitation(
        token_hash="1" * 64,
        email="x@example.vn",
        role=Role.SUPPLIER_STAFF,
        supplier_id=make_supplier(session).id,
        expires_at=utcnow() + timedelta(days=1),
    )
    session.add(invitation)
    session.commit()
    login_as("admin")
    assert client.post(f"/account/invitations/{invitation.id}/revoke").status_code == 403


def test_the_invitations_list_shows_status_and_pages(client, session, login_as):
    admin = login_as("admin")
    now = utcnow()
    session.add_all(
        Invitation(
            token_hash=f"{i:064d}",
            email=f"person{i}@example.vn",
            role=Role.OFFICIAL,
            invited_by_id=admin.id,
            expires_at=now + timedelta(days=1) if i else now - timedelta(days=1),
        )
        for i in range(30)
    )
    session.commit()
    first = client.get("/account/invitations").get_data(as_text=True)
    assert "person29@example.vn" in first and "person0@example.vn" not in first
    second = client.get("/account/invitations?page=2").get_data(as_text=True)
    assert "person0@example.vn" in second and "hết hạn" in second


def test_empty_invitations_list_says_so(client, login_as):
    login_as("admin")
    assert "Chưa gửi lời mời nào." in client.get("/account/invitations").get_data(as_text=True)
