"""Rules and permissions of the services: deadlines, states, who may act, limits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.notifications.models import Notification
from marketplace.rfqs import comparison, invites, queries, quotes, services, threads
from marketplace.rfqs.inputs import AwardInput
from marketplace.rfqs.models import Quote, QuoteState, Rfq, RfqState
from marketplace.rfqs.services import TooMany
from tests.factories import make_supplier, make_user
from tests.rfqs.helpers import (
    NOW,
    make_world,
    open_rfq,
    quote_input,
    quoted_rfq,
    rfq_input,
    set_clock,
)


def test_only_buyers_post_requests(app, session):
    w = make_world(app, session)
    for user in (w.staff_a, make_user(session, Role.OFFICIAL), make_user(session, Role.ADMIN)):
        with pytest.raises(Forbidden):
            services.create_draft(session, user, rfq_input())


def test_request_fields_are_checked(app, session):
    w = make_world(app, session)
    with pytest.raises(InvalidInput) as bad:
        services.create_draft(
            session,
            w.buyer,
            rfq_input(
                delivery_commune="Phường Không Có",
                deadline=NOW.date() - timedelta(days=1),
                title="x" * 201,
                province="Atlantis",
                specs=[("", "giá trị không tên")],
                min_local_content_pct=Decimal(101),
            ),
        )
    assert set(bad.value.errors) == {
        "delivery_commune",
        "deadline",
        "title",
        "province",
        "specs",
        "min_local_content_pct",
    }
    with pytest.raises(InvalidInput):
        services.create_draft(session, w.buyer, rfq_input(category="NOPE"))


def test_the_commune_is_stored_under_its_official_name(app, session):
    w = make_world(app, session)
    rfq_id = services.create_draft(session, w.buyer, rfq_input(delivery_commune="phuong cau giay"))
    assert session.get(Rfq, rfq_id).delivery_commune == "Phường Cầu Giấy"


def test_another_buyer_cannot_touch_a_request(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    other = make_user(session, Role.BUYER)
    for act in (
        lambda: services.publish(session, other, rfq_id),
        lambda: services.close(session, other, rfq_id),
        lambda: services.cancel(session, other, rfq_id),
        lambda: services.award(session, other, rfq_id, AwardInput(qa, 1, 2026)),
        lambda: services.update_draft(session, other, rfq_id, rfq_input()),
        lambda: invites.remove_supplier(session, other, rfq_id, w.b.id),
        lambda: invites.invite_supplier(session, other, rfq_id, w.b.id),
        lambda: queries.get_buyer_view(session, other, rfq_id),
        lambda: comparison.compare_quotes(session, other, rfq_id, "price"),
        lambda: quotes.readable_quote(session, other, rfq_id, qa),
        lambda: threads.post_message(session, other, rfq_id, w.a.id, "?"),
    ):
        with pytest.raises(NotFound):
            act()


def test_a_supplier_not_invited_sees_nothing(app, session):
    w = make_world(app, session)
    rfq_id, qa, qb = quoted_rfq(session, w)
    outsider = make_user(session, Role.SUPPLIER_STAFF, supplier=make_supplier(session))
    for user, quote_id in ((outsider, qa), (w.staff_b, qa), (w.staff_a, qb)):
        with pytest.raises(NotFound):
            quotes.readable_quote(session, user, rfq_id, quote_id)
    for act in (
        lambda: queries.get_supplier_view(session, outsider, rfq_id),
        lambda: quotes.submit_quote(session, outsider, rfq_id, quote_input()),
        lambda: threads.thread_rfq(session, outsider, rfq_id, w.a.id),
        lambda: threads.thread_rfq(session, w.staff_b, rfq_id, w.a.id),
        lambda: comparison.compare_quotes(session, w.staff_a, rfq_id, "price"),
    ):
        with pytest.raises(NotFound):
            act()


def test_a_draft_is_not_shown_to_suppliers(app, session):
    w = make_world(app, session)
    rfq_id = services.create_draft(session, w.buyer, rfq_input())
    with pytest.raises(NotFound):
        queries.get_supplier_view(session, w.staff_a, rfq_id)


def test_no_quote_revision_or_withdrawal_after_the_deadline(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    set_clock(app, NOW + timedelta(days=15))
    for act in (
        lambda: quotes.submit_quote(session, w.staff_b, rfq_id, quote_input()),
        lambda: quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(price_vnd=1)),
        lambda: quotes.withdraw_quote(session, w.staff_a, rfq_id),
    ):
        with pytest.raises(Conflict):
            act()
    view = queries.get_supplier_view(session, w.staff_a, rfq_id)
    assert not view.accepting
    assert queries.count_unread_invitations(session, w.staff_b) == 0  # deadline passed


def test_no_quote_on_a_closed_or_cancelled_request(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    services.close(session, w.buyer, rfq_id)
    with pytest.raises(Conflict):
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    other = open_rfq(session, w)
    services.cancel(session, w.buyer, other)
    with pytest.raises(Conflict):
        quotes.submit_quote(session, w.staff_a, other, quote_input())


def test_a_closed_request_can_still_be_awarded_but_a_cancelled_one_cannot(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    services.close(session, w.buyer, rfq_id)
    with pytest.raises(Conflict):
        services.close(session, w.buyer, rfq_id)
    services.award(session, w.buyer, rfq_id, AwardInput(qa, 700_000_000, 2026))
    for act in (
        lambda: services.award(session, w.buyer, rfq_id, AwardInput(qa, 700_000_000, 2026)),
        lambda: services.cancel(session, w.buyer, rfq_id),
        lambda: services.publish(session, w.buyer, rfq_id),
    ):
        with pytest.raises(Conflict):
            act()
    other, qa2, _ = quoted_rfq(session, w)
    services.cancel(session, w.buyer, other)
    with pytest.raises(Conflict):
        services.award(session, w.buyer, other, AwardInput(qa2, 700_000_000, 2026))


def test_a_withdrawn_quote_cannot_win_or_be_revised(app, session):
    w = make_world(app, session)
    rfq_id, qa, qb = quoted_rfq(session, w)
    quotes.withdraw_quote(session, w.staff_a, rfq_id)
    assert session.get(Quote, qa).state == QuoteState.WITHDRAWN
    with pytest.raises(Conflict):
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    with pytest.raises(Conflict):
        services.award(session, w.buyer, rfq_id, AwardInput(qa, 700_000_000, 2026))
    session.rollback()
    services.award(session, w.buyer, rfq_id, AwardInput(qb, 700_000_000, 2026))
    assert session.get(Quote, qa).state == QuoteState.WITHDRAWN  # not "lost"


def test_a_quote_below_the_minimum_local_content_is_refused(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w, min_local_content_pct=Decimal(50))
    with pytest.raises(InvalidInput) as bad:
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(local_content_pct=Decimal(30)))
    assert "local_content_pct" in bad.value.errors
    with pytest.raises(InvalidInput) as bad:
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(origin="XX", price_vnd=0))
    assert {"origin", "price_vnd"} <= set(bad.value.errors)


def test_the_product_named_must_be_the_suppliers_own(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    theirs = session.scalar(select(Quote.id))  # none yet
    assert theirs is None
    from marketplace.products.models import Product

    b_product = session.scalar(select(Product.id).where(Product.supplier_id == w.b.id))
    with pytest.raises(InvalidInput):
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(product_id=b_product))


def test_publishing_is_rate_limited_per_buyer(app, session):
    w = make_world(app, session)
    app.config["RFQ_PUBLISH_PER_HOUR"] = 2
    open_rfq(session, w)
    open_rfq(session, w)
    rfq_id = services.create_draft(session, w.buyer, rfq_input())
    with pytest.raises(TooMany) as refused:
        services.publish(session, w.buyer, rfq_id)
    assert refused.value.status == 429
    assert "published 2 requests in the last hour" in refused.value.message
    session.rollback()
    assert session.get(Rfq, rfq_id).state == RfqState.DRAFT
    set_clock(app, NOW + timedelta(hours=2))
    services.publish(session, w.buyer, rfq_id)
    app.config["RFQ_PUBLISH_PER_DAY"] = 3
    later = services.create_draft(
        session, w.buyer, rfq_input(deadline=NOW.date() + timedelta(days=20))
    )
    with pytest.raises(TooMany) as refused:
        services.publish(session, w.buyer, later)
    assert "published 3 requests today" in refused.value.message


def test_questions_go_only_to_quoting_suppliers_and_answers_back(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    with pytest.raises(Conflict):
        threads.post_message(session, w.buyer, rfq_id, w.b.id, "Giá bao nhiêu?")
    threads.post_message(session, w.buyer, rfq_id, w.a.id, "Bảo hành thế nào?")
    threads.post_message(session, w.staff_a, rfq_id, w.a.id, "24 tháng, xem https://a.vn")
    bodies = [(m.from_buyer, m.body) for m in queries.list_messages(session, rfq_id, w.a.id)]
    assert bodies == [(True, "Bảo hành thế nào?"), (False, "24 tháng, xem https://a.vn")]
    with pytest.raises(InvalidInput):
        threads.post_message(session, w.buyer, rfq_id, w.a.id, "x" * 3001)


def test_inbox_states_and_unread_count(app, session):
    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    fresh = open_rfq(session, w)
    assert queries.count_unread_invitations(session, w.staff_a) == 2
    services.mark_seen(session, fresh, w.a.id)
    assert queries.count_unread_invitations(session, w.staff_a) == 1
    assert queries.count_inbox_states(session, w.staff_a) == {"new": 1, "quoted": 1}
    page = queries.list_inbox(session, w.staff_a, "quoted")
    assert [row[0].id for row in page.items] == [rfq_id]
    assert queries.count_unread_invitations(session, w.buyer) == 0


def test_the_clock_closes_expired_requests_and_an_award_may_follow(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    still_open = open_rfq(session, w, deadline=NOW.date() + timedelta(days=30))
    set_clock(app, NOW + timedelta(days=15))
    result = app.test_cli_runner().invoke(args=["rfqs", "close-expired"])
    assert "1 request(s) closed." in result.output
    # The buyer is asked to choose; both suppliers that quoted learn the choosing began.
    told = session.execute(
        select(Notification.user_id, Notification.kind).where(
            Notification.kind.in_(("rfq.deadline_passed", "rfq.quotes_closed"))
        )
    ).all()
    assert sorted(told) == sorted(
        [
            (w.buyer.id, "rfq.deadline_passed"),
            (w.staff_a.id, "rfq.quotes_closed"),
            (w.staff_b.id, "rfq.quotes_closed"),
        ]
    )
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.CLOSED
    assert session.get(Rfq, still_open).state == RfqState.OPEN
    services.award(session, w.buyer, rfq_id, AwardInput(qa, 700_000_000, 2026))
    assert session.get(Rfq, rfq_id).state == RfqState.AWARDED


def test_the_worker_closes_expired_requests_on_its_own(app, session):
    from marketplace.rfqs.tasks import close_expired_periodically

    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    set_clock(app, NOW + timedelta(days=15))
    with app.app_context():
        assert close_expired_periodically.call_local() == 1
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.CLOSED


def test_quote_actions_are_audited_for_the_supplier_itself(app, session):
    from marketplace.audit.models import AuditEvent

    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(price_vnd=5))
    quotes.withdraw_quote(session, w.staff_a, rfq_id)
    services.cancel(session, w.buyer, rfq_id)
    rows = session.execute(
        select(AuditEvent.entity, AuditEvent.action, AuditEvent.supplier_id).order_by(AuditEvent.id)
    ).all()
    mine = [(e, a, s) for e, a, s in rows if e in ("rfq", "quote")]
    assert mine == [
        ("rfq", "published", None),
        ("quote", "submitted", w.a.id),
        ("quote", "revised", w.a.id),
        ("quote", "withdrawn", w.a.id),
        ("rfq", "cancelled", None),
    ]
