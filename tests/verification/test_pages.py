"""Every new route for every role, the queue's filters and the review page."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest

from marketplace.db import utcnow
from marketplace.suppliers.models import VerificationState
from marketplace.verification.models import VerificationDocument
from tests.factories import make_product, make_supplier
from tests.verification.helpers import make_document

ROLES = ["anonymous", "buyer", "other_staff", "own_staff", "official"]


def _as(role, login_as, session, supplier):  # type: ignore[no-untyped-def]
    if role == "anonymous":
        return None
    if role == "other_staff":
        return login_as("supplier_staff", supplier=make_supplier(session))
    if role == "own_staff":
        return login_as("supplier_staff", supplier=supplier)
    return login_as(role)


OFFICIAL_PAGES = [
    ("get", "/officials/verification"),
    ("get", "/officials/verification/expiring"),
    ("get", "/officials/verification/{tax}"),
    ("post", "/officials/verification/{tax}/approve"),
]


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url"), OFFICIAL_PAGES)
def test_official_pages_are_for_officials_only(client, session, login_as, role, method, url):
    supplier = make_supplier(session, state="pending")
    _as(role, login_as, session, supplier)
    response = getattr(client, method)(url.format(tax=supplier.tax_code))
    if role == "anonymous":
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    elif role == "official":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        session.refresh(supplier)
        assert supplier.state.value == "pending"


SUPPLIER_PAGES = [
    ("get", "/suppliers/{tax}/verification"),
    ("post", "/suppliers/{tax}/verification/submit"),
    ("post", "/verification/documents/{doc}/delete"),
    ("post", "/verification/documents/{doc}/public"),
    ("get", "/verification/documents/{doc}"),
]


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url"), SUPPLIER_PAGES)
def test_supplier_pages_are_for_its_staff_and_officials(
    app, client, session, login_as, role, method, url
):
    supplier = make_supplier(session, state="pending")
    doc = make_document(session, supplier)
    folder = app.config["DOCUMENTS_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, doc.stored_name), "wb") as f:
        f.write(b"%PDF-1.4")
    _as(role, login_as, session, supplier)
    response = getattr(client, method)(url.format(tax=supplier.tax_code, doc=doc.id))
    response.close()  # a served file stays open until then
    if role in ("own_staff", "official"):
        assert response.status_code in (200, 302)
        return
    if role == "anonymous" and (method == "post" or "documents" not in url):
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404)
    session.expire_all()
    assert session.get(VerificationDocument, doc.id) is not None
    assert session.get(VerificationDocument, doc.id).public is False
    assert supplier.submitted_at is None


def test_queue_lists_the_longest_waiting_first_and_filters(client, session, login_as):
    now = utcnow()
    old = make_supplier(
        session, state="pending", name="Công ty Lâu nhất", submitted_at=now - timedelta(days=40)
    )
    new = make_supplier(
        session, state="pending", name="Công ty Mới nộp", submitted_at=now - timedelta(days=2)
    )
    make_supplier(session, state="verified", name="Công ty Đã duyệt")
    far = make_supplier(
        session,
        state="pending",
        name="Công ty Bắc Ninh",
        province="Bắc Ninh",
        commune=None,
        submitted_at=now - timedelta(days=10),
    )
    make_product(session, new)  # WW-SLU
    login_as("official")
    html = client.get("/officials/verification").get_data(as_text=True)
    assert (
        html.index("Công ty Lâu nhất")
        < html.index("Công ty Bắc Ninh")
        < html.index("Công ty Mới nộp")
    )
    assert "Công ty Đã duyệt" not in html
    html = client.get("/officials/verification?wait=30").get_data(as_text=True)
    assert "Công ty Lâu nhất" in html and "Công ty Mới nộp" not in html
    html = client.get("/officials/verification?province=Bắc Ninh").get_data(as_text=True)
    assert "Công ty Bắc Ninh" in html and "Công ty Lâu nhất" not in html
    html = client.get("/officials/verification?category=WW").get_data(as_text=True)
    assert "Công ty Mới nộp" in html and "Công ty Lâu nhất" not in html
    html = client.get("/officials/verification?state=verified").get_data(as_text=True)
    assert "Công ty Đã duyệt" in html and "Công ty Lâu nhất" not in html
    assert old.id and far.id


def test_queue_is_paginated(client, session, login_as):
    for i in range(23):
        make_supplier(session, state="pending", name=f"NCC số {i:02d}")
    login_as("official")
    first = client.get("/officials/verification").get_data(as_text=True)
    second = client.get("/officials/verification?page=2").get_data(as_text=True)
    assert "NCC số 00" in first and "NCC số 22" not in first
    assert "NCC số 22" in second and 'rel="prev"' in second


def test_empty_queue_says_so(client, session, login_as):
    login_as("official")
    html = client.get("/officials/verification").get_data(as_text=True)
    assert "Không có nhà cung cấp nào đang chờ với các bộ lọc này." in html


def test_expired_certificates_are_flagged_in_queue_profile_and_expiring_list(
    client, session, login_as
):
    supplier = make_supplier(session, state="pending", name="Hết hạn")
    make_document(session, supplier, number="ISO-1", expires_on=date.today() - timedelta(days=1))
    soon = make_supplier(session, state="verified", name="Sắp hết hạn")
    make_document(session, soon, number="CO-2", expires_on=date.today() + timedelta(days=20))
    later = make_supplier(session, state="verified", name="Còn lâu")
    make_document(session, later, number="CO-3", expires_on=date.today() + timedelta(days=200))
    login_as("official")
    queue = client.get("/officials/verification").get_data(as_text=True)
    assert "Giấy chứng nhận đã hết hạn" in queue
    expiring = client.get("/officials/verification/expiring").get_data(as_text=True)
    assert "CO-2" in expiring and "CO-3" not in expiring
    profile = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert "Có giấy chứng nhận đã hết hạn" in profile


def test_review_page_shows_documents_products_history(client, session, login_as):
    supplier = make_supplier(session, state="pending", name="Được xem xét")
    make_document(session, supplier, number="0101-ĐKKD", issuer="Sở KH&ĐT Hà Nội")
    make_product(session, supplier, sku="MAY-EP-1")
    login_as("official")
    html = client.get(f"/officials/verification/{supplier.tax_code}").get_data(as_text=True)
    for text in ("0101-ĐKKD", "Sở KH&amp;ĐT Hà Nội", "MAY-EP-1", supplier.tax_code):
        assert text in html
    assert f"/officials/verification/{supplier.tax_code}/approve" in html


def test_reject_without_reason_is_refused_with_a_message(client, session, login_as):
    supplier = make_supplier(session, state="pending")
    login_as("official")
    response = client.post(
        f"/officials/verification/{supplier.tax_code}/reject",
        data={"reason": ""},
        follow_redirects=True,
    )
    assert "Hãy nêu lý do" in response.get_data(as_text=True)
    session.refresh(supplier)
    assert supplier.state.value == "pending"


def test_an_invalid_decision_is_a_409_page(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    login_as("official")
    response = client.post(f"/officials/verification/{supplier.tax_code}/approve")
    assert response.status_code == 409
    response = client.post(f"/officials/verification/{supplier.tax_code}/frobnicate")
    assert response.status_code == 404


def test_badge_shows_the_date_of_the_last_check(client, session, login_as):
    supplier = make_supplier(session, state="pending")
    make_document(session, supplier)
    official = login_as("official")
    client.post(f"/officials/verification/{supplier.tax_code}/approve")
    session.refresh(supplier)
    assert supplier.verified_at is not None
    html = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert "✓ Đã xác minh" in html
    # The date of the check as it is in Hà Nội (UTC+7), not in UTC.
    hanoi = supplier.verified_at + timedelta(hours=7)
    assert hanoi.strftime("%d/%m/%Y") in html
    assert official.id


def test_the_queue_lists_sent_requests_before_profiles_that_never_asked(client, session, login_as):
    from marketplace.db import utcnow

    never = make_supplier(session, state="pending", name="Chưa Từng Gửi")
    sent = make_supplier(session, state="pending", name="Đã Gửi Đề Nghị", submitted_at=utcnow())
    session.commit()
    assert never.created_at <= sent.submitted_at  # waiting longer, yet second
    login_as("official")
    html = client.get("/officials/verification").get_data(as_text=True)
    assert html.index("Đã Gửi Đề Nghị") < html.index("Chưa Từng Gửi")


def test_an_official_on_a_profile_is_sent_to_the_review(client, session, login_as):
    supplier = make_supplier(session, state=VerificationState.PENDING)
    login_as("official")
    page = client.get(f"/suppliers/{supplier.tax_code}?lang=en").get_data(as_text=True)
    assert "only your company's staff see this panel" not in page
    assert f'href="/officials/verification/{supplier.tax_code}"' in page


def test_staff_on_their_profile_see_the_verification_panel(client, session, login_as):
    supplier = make_supplier(session, state=VerificationState.PENDING)
    login_as("supplier_staff", supplier=supplier)
    page = client.get(f"/suppliers/{supplier.tax_code}?lang=en").get_data(as_text=True)
    assert "only your company's staff see this panel" in page
    assert "Review this supplier" not in page
