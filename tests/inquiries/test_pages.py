"""The inquiry pages as each kind of user meets them: writing one, the thread, the
inbox and the buyer's list, in both languages."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.inquiries import queries, services
from marketplace.inquiries.models import Inquiry, InquiryState
from tests.factories import make_supplier, make_user
from tests.inquiries.helpers import cast, in_request, reply, send
from tests.share.records_helpers import statements
from tests.verification.helpers import pdf_bytes, png_bytes

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent


def _form(**values: object) -> dict[str, object]:
    return {
        "subject": "Báo giá máy ép bùn",
        "body": "Xin báo giá 2 bộ.\nGiao trong tháng 3.",
        "quantity": "2",
        "unit": "bộ",
        "delivery_commune": "Phường Ba Đình",
        **values,
    }


def test_the_product_page_offers_an_inquiry_with_the_product_prefilled(client, session, login_as):
    c = cast(session)
    login_as("buyer")
    html = client.get(
        f"/suppliers/{c.supplier.tax_code}/products/{c.product.sku}?lang=en"
    ).get_data(as_text=True)
    link = f"/suppliers/{c.supplier.tax_code}/inquiries/new?product={c.product.sku}"
    assert link in html and "Send an inquiry" in html
    form = client.get(link + "&lang=en").get_data(as_text=True)
    assert "Belt filter press 1000 mm" in form and c.product.sku in form
    assert '<datalist id="hanoi-communes">' in form and '<option value="Phường Ba Đình">' in form


def test_the_supplier_page_offers_an_inquiry_to_visitors(client, session):
    c = cast(session)
    html = client.get(f"/suppliers/{c.supplier.tax_code}").get_data(as_text=True)
    assert f"/suppliers/{c.supplier.tax_code}/inquiries/new" in html and "Gửi yêu cầu" in html


def test_the_supplier_page_offers_no_inquiry_to_its_own_staff(client, session, login_as):
    c = cast(session)
    login_as("supplier_staff", supplier=c.supplier)
    assert "inquiries/new" not in client.get(f"/suppliers/{c.supplier.tax_code}").get_data(
        as_text=True
    )


def test_an_anonymous_visitor_logs_in_and_comes_back_to_the_form(client, session):
    c = cast(session)
    response = client.get(f"/suppliers/{c.supplier.tax_code}/inquiries/new?product={c.product.sku}")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert "inquiries%2Fnew" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "lang", "text"),
    [
        ("supplier_staff", "vi", "Yêu cầu do bên mua gửi"),
        ("official", "en", "Inquiries are sent by buyers"),
        ("admin", "en", "log in as a buyer"),
    ],
)
def test_staff_and_officials_are_told_why_instead_of_the_form(
    client, session, login_as, role, lang, text
):
    c = cast(session)
    login_as(role, supplier=make_supplier(session) if role == "supplier_staff" else None)
    response = client.get(f"/suppliers/{c.supplier.tax_code}/inquiries/new?lang={lang}")
    assert response.status_code == 403
    assert text in response.get_data(as_text=True)


def test_a_buyer_sends_an_inquiry_with_attachments_and_lands_on_the_thread(
    client, session, login_as
):
    c = cast(session)
    login_as("buyer")
    response = client.post(
        f"/suppliers/{c.supplier.tax_code}/inquiries/new?product={c.product.sku}",
        data=_form(
            attachments=[
                (io.BytesIO(pdf_bytes()), "bản vẽ.pdf"),
                (io.BytesIO(png_bytes()), "ảnh.png"),
            ]
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    inquiry = session.scalars(select(Inquiry)).one()
    assert response.headers["Location"].endswith(f"/inquiries/{inquiry.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Yêu cầu của bạn đã được gửi" in html
    assert "bản vẽ.pdf" in html and "ảnh.png" in html
    assert "Phường Ba Đình, Hà Nội" in html and "2 bộ" in html


def test_a_bad_file_sends_nothing_and_the_error_names_it(client, session, login_as):
    c = cast(session)
    login_as("buyer")
    response = client.post(
        f"/suppliers/{c.supplier.tax_code}/inquiries/new?lang=en",
        data=_form(
            attachments=[
                (io.BytesIO(pdf_bytes()), "ok.pdf"),
                (io.BytesIO(b"MZ\x90\x00"), "setup.exe"),
            ]
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "setup.exe: The file is neither a PDF nor a PNG or JPEG image." in html
    assert session.scalar(select(Inquiry.id)) is None


def test_the_form_names_each_field_at_fault_in_vietnamese(client, session, login_as):
    c = cast(session)
    login_as("buyer")
    response = client.post(
        f"/suppliers/{c.supplier.tax_code}/inquiries/new",
        data=_form(quantity="-1", delivery_commune="Quận 1"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Hãy nhập một số dương" in html
    assert "Quận 1 không phải là xã hoặc phường của Hà Nội" in html
    assert 'value="Báo giá máy ép bùn"' in html  # what was typed is kept


def test_a_hidden_supplier_cannot_be_contacted(client, session, login_as):
    c = cast(session, state="suspended")
    login_as("buyer")
    assert client.get(f"/suppliers/{c.supplier.tax_code}/inquiries/new").status_code == 404


MESSAGE = (
    "Xem <script>alert('x')</script> tại https://example.vn/ban-ve?a=1&b=2\n"
    'và javascript:alert(1) hoặc <a href="javascript:alert(2)">bấm</a>'
)


def test_a_message_body_is_escaped_with_safe_links_and_line_breaks(app, client, session, login_as):
    c = cast(session)
    inquiry = send(app, session, c)
    reply(app, session, c.buyer, inquiry, MESSAGE)
    login_as("supplier_staff", supplier=c.supplier)
    html = client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
    assert (
        '<a href="https://example.vn/ban-ve?a=1&amp;b=2" rel="nofollow noopener noreferrer" '
        'target="_blank">' in html
    )
    assert 'class="message-body">Xem &lt;script&gt;' in html  # kept as text, pre-line keeps breaks
    assert "ban-ve?a=1&amp;b=2</a>\nvà javascript" in html


PARTIES = ["buyer", "staff", "colleague"]
OTHERS = ["other_buyer", "other_staff", "official", "admin"]


def _user(session, c, who):  # type: ignore[no-untyped-def]
    return {
        "buyer": lambda: c.buyer,
        "staff": lambda: c.staff,
        "colleague": lambda: c.colleague,
        "other_buyer": lambda: make_user(session, Role.BUYER),
        "other_staff": lambda: make_user(
            session, Role.SUPPLIER_STAFF, supplier=make_supplier(session)
        ),
        "official": lambda: make_user(session, Role.OFFICIAL),
        "admin": lambda: make_user(session, Role.ADMIN),
    }[who]()


def _thread_with_file(app, session):  # type: ignore[no-untyped-def]
    from marketplace.attachments.files import Upload

    c = cast(session)
    inquiry = send(app, session, c, uploads=[Upload("bản vẽ.pdf", pdf_bytes())])
    return c, inquiry, _attachment_id(session, inquiry.id)


def _attachment_id(session, inquiry_id):  # type: ignore[no-untyped-def]
    from marketplace.inquiries.models import InquiryMessage
    from marketplace.inquiries.models import inquiry_message_attachments as link

    return session.scalar(
        select(link.c.attachment_id)
        .join(InquiryMessage, InquiryMessage.id == link.c.message_id)
        .where(InquiryMessage.inquiry_id == inquiry_id)
    )


@pytest.mark.parametrize("who", PARTIES)
def test_the_parties_read_the_thread_and_download_its_files(app, client, session, who):
    from tests.factories import sign_in

    c, inquiry, attachment_id = _thread_with_file(app, session)
    sign_in(client, session, _user(session, c, who))
    html = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert "Chúng tôi cần 2 máy" in html and "Báo giá máy ép bùn" in html
    download = client.get(f"/inquiries/{inquiry.id}/files/{attachment_id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.data == pdf_bytes()
    download.close()


@pytest.mark.parametrize("who", OTHERS)
def test_everyone_else_finds_no_such_inquiry_anywhere(app, client, session, who):
    from tests.factories import sign_in

    c, inquiry, attachment_id = _thread_with_file(app, session)
    sign_in(client, session, _user(session, c, who))
    base = f"/inquiries/{inquiry.id}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/files/{attachment_id}").status_code == 404
    assert client.post(base, data={"body": "xin chào"}).status_code == 404
    assert client.post(f"{base}/close").status_code == 404
    assert client.post(f"{base}/reopen").status_code == 404
    # Nor does it appear in their lists or badge.
    assert "Báo giá máy ép bùn" not in client.get("/inquiries").get_data(as_text=True)
    session.refresh(inquiry)
    assert inquiry.state == InquiryState.NEW and len(_bodies(session, inquiry.id)) == 1


def _bodies(session, inquiry_id):  # type: ignore[no-untyped-def]
    from marketplace.inquiries.models import InquiryMessage

    return session.scalars(
        select(InquiryMessage.body).where(InquiryMessage.inquiry_id == inquiry_id)
    ).all()


def test_an_anonymous_visitor_is_sent_to_log_in_for_any_inquiry_number(app, client, session):
    _c, inquiry, attachment_id = _thread_with_file(app, session)
    for url in (
        f"/inquiries/{inquiry.id}",
        f"/inquiries/{inquiry.id}/files/{attachment_id}",
        "/inquiries/999999",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_file_of_another_thread_is_not_served_through_this_one(app, client, session):
    from tests.factories import sign_in

    c, inquiry, _attachment = _thread_with_file(app, session)
    _c2, theirs, their_file = _thread_with_file(app, session)
    sign_in(client, session, c.buyer)
    assert client.get(f"/inquiries/{inquiry.id}/files/{their_file}").status_code == 404
    assert theirs.id != inquiry.id


def test_staff_reply_from_the_thread_and_the_buyer_is_told(app, client, session, login_as):
    c = cast(session)
    inquiry = send(app, session, c)
    login_as("supplier_staff", supplier=c.supplier)
    response = client.post(
        f"/inquiries/{inquiry.id}",
        data={"body": "Gửi anh báo giá", "attachments": [(io.BytesIO(pdf_bytes()), "bao-gia.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#latest")
    html = client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Tin nhắn của bạn đã được gửi." in html and "bao-gia.pdf" in html
    session.refresh(inquiry)
    assert inquiry.state == InquiryState.ANSWERED
    assert queries.count_unread(session, c.buyer) == 1


def test_closing_asks_first_and_a_closed_thread_offers_the_buyer_to_reopen(
    app, client, session, login_as
):
    c = cast(session)
    inquiry = send(app, session, c, buyer=login_as("buyer"))
    html = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert 'data-confirm="Close this inquiry? No more messages can be sent' in html
    assert client.post(f"/inquiries/{inquiry.id}/close").status_code == 302
    html = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert "This inquiry is closed." in html and "Reopen the inquiry" in html
    assert "Your reply" not in html
    # Closing twice says so instead of failing.
    client.post(f"/inquiries/{inquiry.id}/close")
    assert "This inquiry is closed. The buyer can reopen it" in client.get(
        f"/inquiries/{inquiry.id}?lang=en"
    ).get_data(as_text=True)
    assert client.post(f"/inquiries/{inquiry.id}/reopen").status_code == 302
    session.refresh(inquiry)
    assert inquiry.state == InquiryState.NEW


def test_the_staff_cannot_reopen(app, client, session, login_as):
    c = cast(session)
    inquiry = send(app, session, c)
    with in_request(app):
        services.close(session, c.buyer, inquiry.id)
    login_as("supplier_staff", supplier=c.supplier)
    html = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert "Only the buyer can reopen it." in html and "Reopen the inquiry" not in html
    assert client.post(f"/inquiries/{inquiry.id}/reopen").status_code == 403


def test_a_long_thread_loads_in_as_many_statements_as_a_short_one(app, client, session, login_as):
    from marketplace.attachments.files import Upload

    c = cast(session)
    short = send(app, session, c)
    long = send(app, session, c, uploads=[Upload("a.pdf", pdf_bytes())])
    for i in range(4):
        with in_request(app):
            services.reply(
                session, c.staff, long.id, f"Trả lời {i}", [Upload("b.png", png_bytes())]
            )
    login_as("supplier_staff", supplier=c.supplier)
    for inquiry in (short, long):  # seen once: the next views store nothing
        client.get(f"/inquiries/{inquiry.id}")
    assert statements(app, client, f"/inquiries/{long.id}") == statements(
        app, client, f"/inquiries/{short.id}"
    )
