"""The accounts pages: roles, activation, supplier links; who may do what."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.audit.models import AuditEvent
from tests.factories import make_supplier, make_user, valid_tax_code

ROUTES = [
    ("get", "/account/users/{id}"),
    ("post", "/account/users/{id}/role"),
    ("post", "/account/users/{id}/deactivate"),
    ("post", "/account/users/{id}/reactivate"),
    ("post", "/account/users/{id}/sessions/end"),
    ("post", "/account/users/{id}/supplier"),
    ("post", "/account/users/{id}/supplier/remove"),
]
ADMIN_ONLY = {"role", "deactivate", "reactivate", "end"}


def _event(session, action):
    return session.scalar(select(AuditEvent).where(AuditEvent.action == action))


@pytest.mark.parametrize("role", [None, "buyer", "supplier_staff"])
def test_the_accounts_pages_are_closed_to_the_public(client, session, login_as, role):
    target = make_user(session)
    if role:
        login_as(role, supplier=make_supplier(session) if role == "supplier_staff" else None)
    expected = 302 if role is None else 403
    assert client.get("/account/users").status_code == expected
    for method, url in ROUTES:
        response = getattr(client, method)(
            url.format(id=target.id), data={"role": "admin", "tax_code": "x", "reason": "x"}
        )
        assert response.status_code == expected, url
    session.refresh(target)
    assert target.role == Role.BUYER and target.active


def test_an_official_links_but_cannot_change_roles_or_activation(client, session, login_as):
    target = make_user(session)
    login_as("official")
    assert client.get("/account/users").status_code == 200
    assert client.get(f"/account/users/{target.id}").status_code == 200
    for method, url in ROUTES:
        if url.rsplit("/", 1)[-1] in ADMIN_ONLY:
            response = getattr(client, method)(
                url.format(id=target.id), data={"role": "admin", "reason": "x"}
            )
            assert response.status_code == 403, url
    session.refresh(target)
    assert target.role == Role.BUYER and target.active


def test_nobody_raises_their_own_role(client, session, login_as):
    official = login_as("official")
    assert (
        client.post(f"/account/users/{official.id}/role", data={"role": "admin"}).status_code == 403
    )
    session.refresh(official)
    assert official.role == Role.OFFICIAL


def test_an_admin_cannot_raise_their_own_role_either(session):
    from marketplace.accounts import management
    from marketplace.errors import Forbidden

    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.ADMIN)
    management.change_role(session, admin, admin.id, Role.OFFICIAL)
    with pytest.raises(Forbidden):
        management.change_role(session, admin, admin.id, Role.ADMIN)


def test_admin_changes_a_role_and_it_is_audited(client, session, login_as):
    admin = login_as("admin")
    target = make_user(session)
    response = client.post(
        f"/account/users/{target.id}/role", data={"role": "official"}, follow_redirects=True
    )
    assert "hiện là cán bộ" in response.get_data(as_text=True)
    session.refresh(target)
    assert target.role == Role.OFFICIAL
    event = _event(session, "role_changed")
    assert event.actor_id == admin.id and event.before["role"] == "buyer"
    assert event.after["role"] == "official"


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(client, session, login_as):
    admin = login_as("admin")
    html = client.post(
        f"/account/users/{admin.id}/role", data={"role": "official"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "quản trị viên đang hoạt động cuối cùng" in html
    session.refresh(admin)
    assert admin.role == Role.ADMIN
    other = make_user(session, Role.ADMIN)
    other.active = False
    session.commit()
    # An inactive second admin does not count.
    client.post(f"/account/users/{admin.id}/role", data={"role": "official"})
    session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_admins_cannot_deactivate_themselves(client, session, login_as):
    admin = login_as("admin")
    make_user(session, Role.ADMIN)
    response = client.post(f"/account/users/{admin.id}/deactivate", data={"reason": "x"})
    assert response.status_code == 403
    session.refresh(admin)
    assert admin.active


def test_deactivation_needs_a_reason_then_reactivation(client, session, login_as):
    admin = login_as("admin")
    target = make_user(session, email="nghi@example.vn")
    missing = client.post(f"/account/users/{target.id}/deactivate", data={"reason": " "})
    assert missing.status_code == 422
    assert "Hãy nêu lý do" in missing.get_data(as_text=True)
    client.post(f"/account/users/{target.id}/deactivate", data={"reason": "nghỉ việc"})
    session.refresh(target)
    assert not target.active
    event = _event(session, "deactivated")
    assert event.actor_id == admin.id and event.note == "nghỉ việc"
    login = client.application.test_client().post(
        "/account/login", data={"email": "nghi@example.vn", "password": "correct horse battery"}
    )
    assert login.status_code == 200  # refused
    client.post(f"/account/users/{target.id}/reactivate", data={"reason": ""})
    session.refresh(target)
    assert target.active and _event(session, "reactivated").actor_id == admin.id


def test_admin_logs_an_account_out_everywhere(client, session, login_as):
    admin = login_as("admin")
    target = make_user(session)
    from marketplace.accounts.sessions import list_active, start_session

    start_session(session, target, "x", "1.2.3.4")
    client.post(f"/account/users/{target.id}/sessions/end")
    assert list_active(session, target) == []
    assert _event(session, "sessions_ended").actor_id == admin.id


def test_official_links_a_buyer_to_a_supplier_then_unlinks(client, session, login_as):
    official = login_as("official")
    supplier = make_supplier(session)
    target = make_user(session)
    response = client.post(
        f"/account/users/{target.id}/supplier", data={"tax_code": supplier.tax_code}
    )
    assert response.status_code == 302
    session.refresh(target)
    assert target.supplier_id == supplier.id and target.role == Role.SUPPLIER_STAFF
    linked = _event(session, "linked")
    assert linked.actor_id == official.id and linked.after["supplier_id"] == supplier.id
    client.post(f"/account/users/{target.id}/supplier/remove")
    session.refresh(target)
    assert target.supplier_id is None
    assert _event(session, "unlinked").actor_id == official.id


def test_linking_to_an_unknown_tax_code_names_it(client, session, login_as):
    login_as("official")
    target = make_user(session)
    code = valid_tax_code()
    response = client.post(f"/account/users/{target.id}/supplier", data={"tax_code": code})
    assert response.status_code == 422
    assert code in response.get_data(as_text=True)


def test_officials_cannot_be_linked_to_a_supplier(client, session, login_as):
    login_as("official")
    target = make_user(session, Role.OFFICIAL)
    supplier = make_supplier(session)
    response = client.post(
        f"/account/users/{target.id}/supplier", data={"tax_code": supplier.tax_code}
    )
    assert response.status_code == 422
    session.refresh(target)
    assert target.supplier_id is None


def test_users_list_filters_and_pages(client, session, login_as):
    login_as("admin", email="admin@example.vn")
    for i in range(30):
        make_user(session, email=f"mua{i:02d}@example.vn")
    make_user(session, Role.OFFICIAL, email="canbo@example.vn")
    first = client.get("/account/users?role=buyer").get_data(as_text=True)
    assert "30 tài khoản" in first and "mua29@example.vn" in first
    assert "canbo@example.vn" not in first and "mua00@example.vn" not in first
    assert "mua00@example.vn" in client.get("/account/users?role=buyer&page=2").get_data(
        as_text=True
    )
    found = client.get("/account/users?q=CANBO").get_data(as_text=True)
    assert "canbo@example.vn" in found and "mua01@example.vn" not in found
    none = client.get("/account/users?q=khong-co-ai").get_data(as_text=True)
    assert "Không có tài khoản nào khớp với bộ lọc." in none


def test_users_list_filters_by_status(client, session, login_as):
    login_as("official")
    gone = make_user(session, email="nghi@example.vn")
    gone.active = False
    session.commit()
    make_user(session, email="con@example.vn")
    html = client.get("/account/users?status=inactive").get_data(as_text=True)
    assert "nghi@example.vn" in html and "con@example.vn" not in html


def test_user_of_another_id_is_404(client, login_as):
    login_as("admin")
    assert client.get("/account/users/999999").status_code == 404


def test_supplier_registration_with_a_taken_tax_code_names_the_real_ways_in(
    client, session, login_as
):
    supplier = make_supplier(session)
    login_as("supplier_staff")
    html = client.post(
        "/suppliers/new",
        data={
            "tax_code": supplier.tax_code,
            "name": "Công ty khác",
            "ownership": "domestic",
            "province": "Hà Nội",
            "commune": "Phường Cầu Giấy",
        },
    ).get_data(as_text=True)
    assert "mời bạn" in html and "liên kết tài khoản" in html
    assert session.scalar(select(User).where(User.supplier_id == supplier.id)) is None
