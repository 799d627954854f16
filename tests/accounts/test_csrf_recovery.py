"""An expired form keeps what was typed and says what happened."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.share.models import SupplyRecord
from tests.accounts.helpers import add_supplier, add_user

EXPIRED_VI = "Biểu mẫu này đã hết hạn"


def test_login_with_an_expired_token_keeps_the_email(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post(
        "/account/login", data={"email": "go@example.vn", "password": "x", "csrf_token": "old"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED_VI in html and 'value="go@example.vn"' in html
    assert 'name="csrf_token"' in html  # a fresh token to send it again


def test_signup_with_an_expired_token_keeps_name_and_email_and_creates_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    html = (
        app.test_client()
        .post(
            "/account/signup",
            data={
                "full_name": "Trần Thị B",
                "email": "b@example.vn",
                "password": "mat-khau-dai",
                "confirm": "mat-khau-dai",
                "role": "supplier_staff",
            },
        )
        .get_data(as_text=True)
    )
    assert EXPIRED_VI in html and 'value="Trần Thị B"' in html and 'value="b@example.vn"' in html


def test_the_message_is_in_english_for_english_readers(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    html = client.post("/account/login?lang=en", data={"email": "go@example.vn"}).get_data(
        as_text=True
    )
    assert "This form had expired" in html


def _logged_in(app, role=Role.SUPPLIER_STAFF, supplier=None):
    user = add_user(app, role, supplier=supplier)
    client = app.test_client()
    # Log in with a valid token first: fetch the form, then post with its token.
    page = client.get("/account/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    log_in_data = {"email": user.email, "password": "correct horse battery", "csrf_token": token}
    assert client.post("/account/login", data=log_in_data).status_code == 302
    return client


def test_profile_form_with_an_expired_token_keeps_the_typed_values(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    supplier = add_supplier(app)
    client = _logged_in(app, supplier=supplier)
    response = client.post(
        f"/suppliers/{supplier.tax_code}/edit",
        data={"name": "Tên mới đang gõ", "csrf_token": "expired"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED_VI in html and "Tên mới đang gõ" in html


def test_product_form_with_an_expired_token_keeps_the_typed_values(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    supplier = add_supplier(app)
    client = _logged_in(app, supplier=supplier)
    html = client.post(
        f"/suppliers/{supplier.tax_code}/products/new",
        data={"sku": "MOI-1", "name": "Máy lọc bụi tĩnh điện"},
    ).get_data(as_text=True)
    assert EXPIRED_VI in html and "Máy lọc bụi tĩnh điện" in html


def test_officials_record_form_with_an_expired_token_keeps_values_and_saves_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = _logged_in(app, Role.OFFICIAL)
    response = client.post(
        "/officials/share/records/new", data={"record_id": "GIU-LAI-42", "year": "2025"}
    )
    assert response.status_code == 400
    assert "GIU-LAI-42" in response.get_data(as_text=True)
    from marketplace.db import new_session

    with app.app_context(), new_session(app) as s:
        assert s.scalar(select(SupplyRecord)) is None


def test_the_officials_pages_stay_closed_when_the_token_is_bad(make_app):
    """Re-showing a form runs the blueprint's own checks: no page leaks to the public."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/officials/share/records/new", data={"record_id": "LEAK-1"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "LEAK-1" not in response.get_data(as_text=True)
    assert client.post("/officials/imports").status_code == 302


def test_a_post_only_action_with_a_bad_token_does_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = _logged_in(app)
    response = client.post("/account/sessions/end-others")
    assert response.status_code == 400
    assert EXPIRED_VI in response.get_data(as_text=True)
