"""The request's life: draft, publish with invitations, quotes, award into the share
figures, and what each party is told."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.notifications.models import Notification
from marketplace.rfqs import invites, quotes, services
from marketplace.rfqs.inputs import AwardInput
from marketplace.rfqs.models import Quote, QuoteRevision, Rfq, RfqState
from marketplace.share.models import ShareCell, SupplyRecord
from tests.factories import make_product, make_supplier
from tests.rfqs.helpers import make_world, open_rfq, quote_input, quoted_rfq, rfq_input


def test_publish_invites_the_suppliers_whose_products_fit(app, session):
    w = make_world(app, session)
    other = make_supplier(session, name="Công ty Quan Trắc")
    make_product(session, other, name="Trạm quan trắc không khí", category_code="MON")
    rfq_id = services.create_draft(session, w.buyer, rfq_input())
    assert session.get(Rfq, rfq_id).state == RfqState.DRAFT
    invited = services.publish(session, w.buyer, rfq_id)
    assert set(invited) == {w.a.id, w.b.id}
    assert session.get(Rfq, rfq_id).state == RfqState.OPEN
    kinds = session.scalars(select(Notification.kind).where(Notification.user_id == w.staff_a.id))
    assert list(kinds) == ["rfq.invited"]


def test_text_matches_come_first_and_the_category_is_the_fallback(app, session):
    w = make_world(app, session)
    rfq_id = services.create_draft(session, w.buyer, rfq_input(title="trục vít"))
    assert services.publish(session, w.buyer, rfq_id)[0] == w.b.id
    rfq_id = services.create_draft(session, w.buyer, rfq_input(title="zzqx không khớp"))
    assert set(services.publish(session, w.buyer, rfq_id)) == {w.a.id, w.b.id}


def test_answer_rules_filter_the_invitations(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w, min_local_content_pct=Decimal(50))
    assert invites.invited_ids(session, rfq_id) == [w.a.id]
    far = make_supplier(session, name="Công ty Đà Nẵng", province="Đà Nẵng")
    make_product(session, far)
    rfq_id = open_rfq(session, w, province="Đà Nẵng")
    assert invites.invited_ids(session, rfq_id) == [far.id]


def test_at_most_the_configured_number_are_invited(app, session):
    w = make_world(app, session)
    app.config["RFQ_MAX_INVITES"] = 1
    rfq_id = open_rfq(session, w)
    assert len(invites.invited_ids(session, rfq_id)) == 1


def test_buyer_removes_before_a_quote_and_adds_one_that_fits(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    with pytest.raises(Conflict):
        invites.remove_supplier(session, w.buyer, rfq_id, w.a.id)
    invites.remove_supplier(session, w.buyer, rfq_id, w.b.id)
    assert invites.invited_ids(session, rfq_id) == [w.a.id]
    with pytest.raises(NotFound):  # B's staff no longer see it
        quotes.invited_rfq(session, w.staff_b, rfq_id)
    unfit = make_supplier(session, name="Công ty Không Phù Hợp")
    make_product(session, unfit, category_code="MON")
    with pytest.raises(Conflict):
        invites.invite_supplier(session, w.buyer, rfq_id, unfit.id)
    assert [s.id for s in invites.find_candidates(session, w.buyer, rfq_id, "Xử Lý B")] == [w.b.id]
    invites.invite_supplier(session, w.buyer, rfq_id, w.b.id)
    assert invites.invited_ids(session, rfq_id) == [w.a.id, w.b.id]


def test_a_revision_keeps_the_earlier_versions(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    quote = quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(price_vnd=600_000_000))
    assert (quote.state.value, quote.revision, quote.price_vnd) == ("revised", 2, 600_000_000)
    prices = session.scalars(
        select(QuoteRevision.price_vnd)
        .where(QuoteRevision.quote_id == quote.id)
        .order_by(QuoteRevision.number)
    )
    assert list(prices) == [700_000_000, 600_000_000]
    told = session.scalars(select(Notification.kind).where(Notification.user_id == w.buyer.id))
    assert list(told) == ["rfq.quote_received", "rfq.quote_received"]


def test_award_makes_one_winner_a_supply_record_and_tells_everyone(app, session):
    w = make_world(app, session)
    rfq_id, qa, qb = quoted_rfq(session, w)
    before = session.scalar(select(ShareCell.value_vnd).where(ShareCell.year == 2026)) or 0
    pk = services.award(session, w.buyer, rfq_id, AwardInput(qa, 690_000_000, 2026))
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.AWARDED
    assert session.get(Quote, qa).state.value == "won"
    assert session.get(Quote, qb).state.value == "lost"
    record = session.get(SupplyRecord, pk)
    assert (record.record_id, record.value_vnd, record.origin, record.source.value) == (
        f"RFQ-{rfq_id}",
        690_000_000,
        "VN",
        "marketplace",
    )
    assert (record.supplier_id, record.category_code, record.local_content_pct) == (
        w.a.id,
        "WW-SLU",
        70,
    )
    after = session.scalar(select(ShareCell.value_vnd).where(ShareCell.year == 2026)) or 0
    assert after - before == 690_000_000
    told = dict(
        session.execute(
            select(Notification.user_id, Notification.kind).where(
                Notification.kind.in_(["rfq.awarded", "rfq.not_selected"])
            )
        )
        .tuples()
        .all()
    )
    assert told == {w.staff_a.id: "rfq.awarded", w.staff_b.id: "rfq.not_selected"}
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "rfq")))
    assert actions == {"published", "awarded"}


def test_a_failed_award_changes_nothing(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    with pytest.raises(InvalidInput):
        services.award(session, w.buyer, rfq_id, AwardInput(qa, 0, 2026))
    session.rollback()
    assert session.get(Rfq, rfq_id).state == RfqState.OPEN
    assert session.scalar(select(SupplyRecord.id)) is None


def test_cancel_tells_the_invited(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    services.cancel(session, w.buyer, rfq_id)
    kinds = set(
        session.scalars(select(Notification.kind).where(Notification.user_id == w.staff_b.id))
    )
    assert kinds == {"rfq.invited", "rfq.cancelled"}
    assert session.get(Rfq, rfq_id).state == RfqState.CANCELLED
