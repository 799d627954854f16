"""The officials' workspace leads to every part of their work and says what waits."""

from __future__ import annotations

from marketplace.db import utcnow
from tests.factories import make_supplier


def test_the_workspace_counts_what_waits_and_links_every_area(client, session, login_as):
    for _ in range(2):  # asked for verification
        make_supplier(session, state="pending", submitted_at=utcnow())
    make_supplier(session, state="pending")  # imported, never asked: not counted
    make_supplier(session, state="verified")
    session.commit()
    login_as("official")
    page = client.get("/officials/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Không gian làm việc của cán bộ" in html
    assert '2<span class="visually-hidden"> đề nghị đang chờ</span>' in html
    for url in (
        "/officials/verification",
        "/officials/imports",
        "/officials/quality/duplicates",
        "/officials/statistics/",
        "/officials/share",
        "/officials/share/records",
        "/officials/audit",
        "/account/users",
    ):
        assert f'href="{url}"' in html, url
    assert "/account/invitations" not in html  # administrators only


def test_the_navigation_leads_officials_to_the_workspace(client, session, login_as):
    login_as("admin")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/officials/"' in html
    assert "/account/invitations" in client.get("/officials/").get_data(as_text=True)


def test_buyers_and_staff_do_not_see_it(client, session, login_as):
    login_as("buyer")
    assert client.get("/officials/").status_code == 403
    assert 'href="/officials/"' not in client.get("/").get_data(as_text=True)
