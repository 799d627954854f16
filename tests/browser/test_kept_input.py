"""A session that ends while a form is open loses nothing: after logging in again the
form comes back with what was typed."""

from __future__ import annotations

import re

import pytest

from marketplace.accounts.models import Role, User
from marketplace.accounts.sessions import end_sessions
from marketplace.db import new_session
from tests import factories

pytestmark = pytest.mark.browser


def _log_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")


def test_what_was_typed_comes_back_after_logging_in_again(live, page):  # type: ignore[no-untyped-def]
    base, app = live
    with app.app_context(), new_session(app) as s:
        supplier = factories.make_supplier(s, name="Công ty TNHH Giữ Chữ")
        user = factories.make_user(s, Role.SUPPLIER_STAFF, supplier=supplier)
        email, uid, tax = user.email, user.id, supplier.tax_code
    page.goto(f"{base}/account/login")
    _log_in(page, base, email)
    page.wait_for_url(re.compile(r"^(?!.*login)"))
    page.goto(f"{base}/suppliers/{tax}/edit")
    description = "Chế tạo thiết bị lọc bụi tĩnh điện — mô tả dài viết trong 40 phút."
    page.locator("#description").fill(description)

    with app.app_context(), new_session(app) as s:  # logged out elsewhere meanwhile
        end_sessions(s, s.get(User, uid))
        s.commit()
    page.get_by_role("button", name="Lưu").click()

    page.wait_for_url(re.compile(r"/account/login"))
    assert (
        "sẽ được điền lại sau khi bạn đăng nhập" in page.locator("[data-kept-input]").inner_text()
    )
    _log_in(page, base, email)
    page.wait_for_url(re.compile(f"/suppliers/{tax}/edit"))
    assert page.locator("#description").input_value() == description
    assert "được điền lại vào biểu mẫu" in page.locator("[data-kept-input]").inner_text()
    # Sent now, it is saved; the next visit of the form shows the stored text, no note.
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(f"/suppliers/{tax}$"))
    assert description in page.content()
    page.goto(f"{base}/suppliers/{tax}/edit")
    assert page.locator("[data-kept-input]").count() == 0
