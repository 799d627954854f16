"""Sending, replying, closing and reopening: every transition of the state machine,
the checks on what the buyer typed, notices, e-mails and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.inquiries import machine, services
from marketplace.inquiries.models import Inquiry, InquiryState
from marketplace.notifications.models import Notification
from tests.factories import make_product
from tests.inquiries.helpers import cast, in_request, reply, send
from tests.verification.helpers import outbox


def test_a_buyer_sends_an_inquiry_with_its_first_message(app, session):
    c = cast(session)
    inquiry = send(app, session, c, quantity="2,5", unit="tấn", delivery_commune="cau giay")
    fresh = session.scalars(select(Inquiry).where(Inquiry.id == inquiry.id)).one()
    assert fresh.state == InquiryState.NEW
    assert fresh.quantity == Decimal("2.5") and fresh.unit == "tấn"
    assert fresh.delivery_commune == "Phường Cầu Giấy"  # stored under its official name
    assert fresh.product_id == c.product.id and fresh.first_reply_at is None
    assert not fresh.unread_by("buyer") and fresh.unread_by("supplier")


def test_every_staff_member_is_told_in_app_and_by_a_mail_written_for_people(app, session):
    c = cast(session)
    c.colleague.locale = "en"
    session.commit()
    inquiry = send(app, session, c, subject="Máy ép bùn 1000 mm")
    told = session.scalars(
        select(Notification.user_id).where(Notification.kind == "inquiry.received")
    )
    assert sorted(told) == sorted([c.staff.id, c.colleague.id])
    mails = {m["To"]: m.get_content() for m in outbox(app)}
    vi, en = mails[c.staff.email], mails[c.colleague.email]
    assert "Nguyễn Văn A đã gửi cho Công ty Nước Sạch Hà Nội một yêu cầu" in vi
    assert "“Máy ép bùn 1000 mm”" in vi and f"/inquiries/{inquiry.id}" in vi
    assert "Nguyễn Văn A sent Công ty Nước Sạch Hà Nội an inquiry: “Máy ép bùn 1000 mm”" in en
    assert c.buyer.email not in mails


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 201}, "subject"),
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-3"}, "quantity"),
        ({"quantity": "hai"}, "quantity"),
        ({"quantity": "1.2345"}, "quantity"),
        ({"quantity": "3", "unit": ""}, "unit"),
        ({"unit": "x" * 31}, "unit"),
        ({"required_by": date.today() - timedelta(days=1)}, "required_by"),
        ({"delivery_commune": "Phường Bến Nghé"}, "delivery_commune"),  # in Hồ Chí Minh City
    ],
)
def test_what_the_buyer_typed_is_checked_field_by_field(app, session, values, field):
    c = cast(session)
    with pytest.raises(InvalidInput) as caught:
        send(app, session, c, **values)
    assert field in caught.value.errors
    assert session.scalar(select(Inquiry.id)) is None


def test_optional_details_may_be_left_out_and_today_is_not_in_the_past(app, session):
    c = cast(session)
    inquiry = send(
        app, session, c, quantity="", unit="", delivery_commune="", required_by=date.today()
    )
    assert inquiry.quantity is None and inquiry.delivery_commune is None
    assert inquiry.required_by == date.today()


@pytest.mark.parametrize("state", ["rejected", "suspended"])
def test_a_supplier_hidden_from_the_public_cannot_be_contacted(app, session, state):
    c = cast(session, state=state)
    with pytest.raises(NotFound):
        send(app, session, c)


def test_a_withdrawn_product_or_another_suppliers_product_is_not_found(app, session):
    c = cast(session)
    c.product.active = False
    session.commit()
    with pytest.raises(NotFound):
        send(app, session, c)
    other = cast(session)
    with in_request(app), pytest.raises(NotFound):
        services.send_inquiry(
            session,
            c.buyer,
            c.supplier.tax_code,
            other.product.sku,
            services.InquiryDraft("a", "b"),
        )


def test_an_inquiry_without_a_product_is_about_the_supplier(app, session):
    c = cast(session)
    with in_request(app):
        inquiry = services.send_inquiry(
            session,
            c.buyer,
            c.supplier.tax_code,
            None,
            services.InquiryDraft("Hỏi chung", "Xin chào"),
        )
    assert inquiry.product_id is None


@pytest.mark.parametrize("role", ["supplier_staff", "official", "admin"])
def test_only_buyers_send_inquiries(app, session, role):
    from marketplace.accounts.models import Role
    from tests.factories import make_user

    c = cast(session)
    user = make_user(session, Role(role))
    with pytest.raises(Forbidden) as caught:
        send(app, session, c, buyer=user)
    assert "Yêu cầu do bên mua gửi" in caught.value.message


def test_the_first_staff_reply_answers_the_inquiry_and_tells_the_buyer(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    reply(app, session, c.buyer, inquiry, "Thêm: cần lắp đặt")  # the buyer adds to it
    assert inquiry.state == InquiryState.NEW and inquiry.first_reply_at is None
    reply(app, session, c.colleague, inquiry, "Chúng tôi gửi báo giá")
    assert inquiry.state == InquiryState.ANSWERED
    first = inquiry.first_reply_at
    assert first is not None
    reply(app, session, c.staff, inquiry, "Bổ sung")
    assert inquiry.state == InquiryState.ANSWERED and inquiry.first_reply_at == first
    kinds = session.execute(
        select(Notification.user_id, Notification.params).where(
            Notification.kind == "inquiry.message"
        )
    ).all()
    to_buyer = [p for uid, p in kinds if uid == c.buyer.id]
    assert len(to_buyer) == 2 and all(p["from_supplier"] for p in to_buyer)
    # The buyer's own message went to both staff members, not to the buyer.
    assert sorted(uid for uid, p in kinds if not p["from_supplier"]) == sorted(
        [c.staff.id, c.colleague.id]
    )
    mail = [m.get_content() for m in outbox(app) if m["To"] == c.buyer.email][0]
    assert "Công ty Nước Sạch Hà Nội đã trả lời yêu cầu “Báo giá máy ép bùn” của bạn" in mail


def test_a_message_marks_the_thread_unread_for_the_other_side_only(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    with in_request(app):
        services.open_thread(session, c.staff, inquiry.id)
    assert not inquiry.unread_by("supplier")
    reply(app, session, c.staff, inquiry)
    assert inquiry.unread_by("buyer") and not inquiry.unread_by("supplier")
    with in_request(app):
        services.open_thread(session, c.buyer, inquiry.id)
    assert not inquiry.unread_by("buyer")


def test_either_side_closes_and_only_the_buyer_reopens(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    with in_request(app):
        services.close(session, c.staff, inquiry.id)
        assert inquiry.state == InquiryState.CLOSED and inquiry.closed_at is not None
        with pytest.raises(Forbidden):
            services.reopen(session, c.staff, inquiry.id)
        services.reopen(session, c.buyer, inquiry.id)
        assert inquiry.state == InquiryState.NEW  # nobody had replied
        services.close(session, c.buyer, inquiry.id)
    assert inquiry.state == InquiryState.CLOSED


def test_a_reopened_thread_that_had_a_reply_is_answered_again(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    reply(app, session, c.staff, inquiry)
    with in_request(app):
        services.close(session, c.buyer, inquiry.id)
        services.reopen(session, c.buyer, inquiry.id)
    assert inquiry.state == InquiryState.ANSWERED and inquiry.closed_at is None


def test_a_closed_thread_takes_no_messages_and_cannot_be_closed_again(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    with in_request(app):
        services.close(session, c.buyer, inquiry.id)
        for user in (c.buyer, c.staff):
            with pytest.raises(Conflict):
                services.reply(session, user, inquiry.id, "còn đó không?")
        with pytest.raises(Conflict):
            services.close(session, c.staff, inquiry.id)


@pytest.mark.parametrize("state", [InquiryState.NEW, InquiryState.ANSWERED])
def test_an_open_thread_cannot_be_reopened(app, session, state):
    c = cast(session)
    inquiry = send(app, session, c)
    if state == InquiryState.ANSWERED:
        reply(app, session, c.staff, inquiry)
    with in_request(app), pytest.raises(Conflict):
        services.reopen(session, c.buyer, inquiry.id)
    assert inquiry.state == state


def test_the_transition_table_is_complete_and_closed():
    """Every (state, action) pair is either in the table or refused."""
    actions = [machine.BUYER_MESSAGE, machine.SUPPLIER_REPLY, machine.CLOSE, machine.REOPEN]
    allowed = {(s, a) for s in InquiryState for a in actions if (s, a) in machine.TRANSITIONS}
    assert allowed == {
        (InquiryState.NEW, machine.BUYER_MESSAGE),
        (InquiryState.NEW, machine.SUPPLIER_REPLY),
        (InquiryState.NEW, machine.CLOSE),
        (InquiryState.ANSWERED, machine.BUYER_MESSAGE),
        (InquiryState.ANSWERED, machine.SUPPLIER_REPLY),
        (InquiryState.ANSWERED, machine.CLOSE),
        (InquiryState.CLOSED, machine.REOPEN),
    }


def test_the_audit_trail_names_ids_and_states_never_the_words(app, session):
    c = cast(session)
    inquiry = send(app, session, c, subject="Bí mật giá", body="Nội dung riêng tư")
    with in_request(app):
        services.close(session, c.staff, inquiry.id)
        services.reopen(session, c.buyer, inquiry.id)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "inquiry").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["created", "closed", "reopened"]
    assert all(e.entity_id == str(inquiry.id) and e.supplier_id == c.supplier.id for e in events)
    assert events[1].after == {"supplier_id": c.supplier.id, "state": "closed", "by": "supplier"}
    text = repr([(e.before, e.after, e.note) for e in events])
    assert "Bí mật" not in text and "riêng tư" not in text


def test_a_product_may_be_named_in_any_case(app, session):
    c = cast(session)
    product = make_product(session, c.supplier, sku="MEB-1000")
    with in_request(app):
        to = services.find_addressee(session, c.buyer, c.supplier.tax_code, "meb-1000")
    assert to.product is not None and to.product.id == product.id


@pytest.mark.parametrize("who", ["other_buyer", "other_staff", "official", "admin", "anonymous"])
def test_no_one_but_the_parties_reads_or_acts_on_a_thread(app, session, who):
    from flask_login import AnonymousUserMixin

    from marketplace.accounts.models import Role
    from tests.factories import make_supplier, make_user

    c = cast(session)
    inquiry = send(app, session, c)
    user = {
        "other_buyer": lambda: make_user(session, Role.BUYER),
        "other_staff": lambda: make_user(
            session, Role.SUPPLIER_STAFF, supplier=make_supplier(session)
        ),
        "official": lambda: make_user(session, Role.OFFICIAL),
        "admin": lambda: make_user(session, Role.ADMIN),
        "anonymous": lambda: AnonymousUserMixin(),
    }[who]()
    with in_request(app):
        for act in (
            lambda: services.open_thread(session, user, inquiry.id),
            lambda: services.reply(session, user, inquiry.id, "xin chào"),
            lambda: services.close(session, user, inquiry.id),
            lambda: services.reopen(session, user, inquiry.id),
            lambda: services.get_attachment(session, user, inquiry.id, 1),
        ):
            with pytest.raises(NotFound) as caught:
                act()
            # The same answer as for an inquiry that does not exist.
            assert caught.value.message == "Không có yêu cầu này."


def test_a_deactivated_staff_member_is_no_longer_a_party(app, session):
    c = cast(session)
    inquiry = send(app, session, c)
    c.staff.active = False
    session.commit()
    with in_request(app), pytest.raises(NotFound):
        services.open_thread(session, c.staff, inquiry.id)
