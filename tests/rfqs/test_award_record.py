"""The supply record an award makes: its page links back to the award, and its
history says where it came from."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.rfqs import services
from marketplace.rfqs.inputs import AwardInput
from marketplace.share.models import SupplyRecord, SupplySource
from tests.factories import make_user
from tests.rfqs.helpers import make_world, quoted_rfq
from tests.rfqs.test_pages import Party


def test_the_record_page_links_to_the_award_and_names_it_in_the_history(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    services.award(session, w.buyer, rfq_id, AwardInput(qa, 690_000_000, 2026))
    record = session.scalars(select(SupplyRecord)).one()
    assert record.award_rfq_id == rfq_id
    official = Party(app, session, make_user(session, Role.OFFICIAL))
    page = official.get(f"/officials/share/records/{record.id}?lang=en").text
    assert f"/officials/rfqs/{rfq_id}" in page
    assert "added by an award on this site" in page and "added in the form" not in page


def test_only_marketplace_records_named_rfq_link_to_an_award():
    def rec(record_id: str, source: SupplySource | None) -> SupplyRecord:
        return SupplyRecord(record_id=record_id, source=source)

    assert rec("RFQ-12", SupplySource.MARKETPLACE).award_rfq_id == 12
    assert rec("RFQ-12", SupplySource.PROCUREMENT).award_rfq_id is None
    assert rec("RFQ-x", SupplySource.MARKETPLACE).award_rfq_id is None
    assert rec("HN-2026-1", None).award_rfq_id is None


def test_the_invitation_digest_skips_requests_one_was_removed_from(app, session):
    from marketplace.notifications import digests
    from marketplace.rfqs import invites
    from tests.rfqs.helpers import open_rfq
    from tests.verification.helpers import outbox

    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    invites.remove_supplier(session, w.buyer, rfq_id, w.a.id)
    with app.test_request_context():
        digests.send_due(session)
    told = [m["To"] for m in outbox(app)]
    assert w.staff_b.email in told and w.staff_a.email not in told


def test_english_pages_name_suppliers_by_their_english_name(app, session):
    w = make_world(app, session)
    w.a.name_en = "Water Filter Company A"
    session.commit()
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    buyer = Party(app, session, w.buyer)
    en = buyer.get(f"/rfqs/{rfq_id}/compare?lang=en").text
    assert "Water Filter Company A" in en and w.b.name in en


def test_vietnamese_pages_keep_the_vietnamese_name(app, session):
    w = make_world(app, session)
    w.a.name_en = "Water Filter Company A"
    session.commit()
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    vi = Party(app, session, w.buyer).get(f"/rfqs/{rfq_id}/compare?lang=vi").text
    assert w.a.name in vi and "Water Filter Company A" not in vi
