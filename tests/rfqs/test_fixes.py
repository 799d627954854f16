"""Defects found by exploratory testing, each pinned by a test."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.errors import InvalidInput
from marketplace.notifications.models import Notification
from marketplace.rfqs import quotes, services
from marketplace.rfqs.inputs import AwardInput
from marketplace.rfqs.models import Quote, QuoteRevision, Rfq, RfqState
from tests.factories import make_product, make_user
from tests.rfqs.helpers import make_world, open_rfq, quote_input, quoted_rfq, rfq_input
from tests.rfqs.test_pages import PDF, Party

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent


def _quote_form(name: str, data: bytes) -> dict[str, object]:
    return {
        "price_vnd": "700000000",
        "lead_time_days": "30",
        "local_content_pct": "70",
        "origin": "VN",
        "warranty_months": "24",
        "product_id": "",
        "notes": "",
        "attachments": [(io.BytesIO(data), name)],
    }


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_refused_file_leaves_no_quote_behind(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    notices_before = _count(session, Notification)
    client = Party(app, session, w.staff_a)
    for name, data in [("virus.exe", b"MZ\x90\x00evil"), ("fake.pdf", b"not a pdf at all")]:
        sent = client.post(
            f"/rfqs/{rfq_id}/quote?lang=en",
            data=_quote_form(name, data),
            content_type="multipart/form-data",
        )
        assert sent.status_code == 422
        assert _count(session, Quote) == 0
        assert _count(session, QuoteRevision) == 0
        assert _count(session, Notification) == notices_before
        assert session.scalar(select(AuditEvent).where(AuditEvent.entity == "quote")) is None
    # The page after a refusal (it marks the invitation seen) commits nothing of it.
    assert client.get(f"/rfqs/{rfq_id}?lang=en").status_code == 200
    assert _count(session, Quote) == 0
    good = client.post(
        f"/rfqs/{rfq_id}/quote?lang=en",
        data=_quote_form("bao-gia.pdf", PDF),
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    assert _count(session, Quote) == 1 and _count(session, QuoteRevision) == 1


def test_the_contract_value_stays_near_the_chosen_price(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)  # A quoted 700,000,000
    for wrong in (900_000_000_000_000, 1_400_000_001, 349_999_999, 0):
        with pytest.raises(InvalidInput) as refused:
            services.award(session, w.buyer, rfq_id, AwardInput(qa, wrong, 2026))
        assert "350,000,000" in refused.value.errors["contract_value_vnd"]
        assert "1,400,000,000" in refused.value.errors["contract_value_vnd"]
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.OPEN
    client = Party(app, session, w.buyer)
    page = client.get(f"/rfqs/{rfq_id}/quotes/{qa}/award?lang=en").text
    assert w.a.name in page
    vi = client.post(
        f"/rfqs/{rfq_id}/quotes/{qa}/award?lang=vi",
        data={"contract_value_vnd": "900000000000000", "delivery_year": "2026"},
    )
    assert vi.status_code == 422 and "1.400.000.000" in vi.text
    services.award(session, w.buyer, rfq_id, AwardInput(qa, 1_400_000_000, 2026))
    assert w.a.name in client.get(f"/rfqs/{rfq_id}?lang=en").text
    official = Party(app, session, make_user(session, Role.OFFICIAL))
    summary = official.get(f"/officials/rfqs/{rfq_id}?lang=en").text
    assert "1,400,000,000" in summary and "700,000,000" in summary and w.a.name in summary


def test_a_withdrawn_quote_counts_nowhere_and_the_buyer_is_told(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    quotes.withdraw_quote(session, w.staff_a, rfq_id)
    client = Party(app, session, w.buyer)
    page = client.get(f"/rfqs/{rfq_id}?lang=en").text
    assert 'data-quote-count="0"' in page and "Compare the quotes" not in page
    assert ">Quoted<" not in page and "data-withdrawn" in page
    listing = client.get("/rfqs?lang=en").text
    assert "Compare the quotes" not in listing
    kinds = session.scalars(select(Notification.kind).where(Notification.user_id == w.buyer.id))
    assert "rfq.quote_withdrawn" in list(kinds)
    with app.test_request_context("/?lang=en"):
        from marketplace.notifications import messages

        note = session.scalar(
            select(Notification).where(Notification.kind == "rfq.quote_withdrawn")
        )
        assert w.a.name in messages.render(note.kind, note.params)


def test_cancelling_a_draft_does_not_claim_anyone_was_told(app, session):
    w = make_world(app, session)
    rfq_id = services.create_draft(session, w.buyer, rfq_input())
    client = Party(app, session, w.buyer)
    done = client.post(f"/rfqs/{rfq_id}/cancel?lang=en", follow_redirects=True)
    assert "Nobody had been invited" in done.text
    assert "the invited suppliers are told" not in done.text


def test_closing_without_award_tells_the_suppliers_who_quoted(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    services.close(session, w.buyer, rfq_id)

    def kinds(user):  # type: ignore[no-untyped-def]
        return list(
            session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
        )

    assert "rfq.closed" in kinds(w.staff_a)
    assert "rfq.closed" not in kinds(w.staff_b)  # invited, never quoted


def test_officials_never_read_a_quotes_price_in_the_audit_trail(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    secret = "Giảm giá đặc biệt"
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(price_vnd=123_456_789))
    quotes.submit_quote(
        session, w.staff_a, rfq_id, quote_input(price_vnd=111_222_333, notes=secret)
    )
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "quote")).all()
    assert [e.action for e in events] == ["submitted", "revised"]
    for event in events:
        for values in (event.before or {}, event.after or {}):
            assert not {"price_vnd", "notes", "lead_time_days"} & set(values)
    official = Party(app, session, make_user(session, Role.OFFICIAL))
    page = official.get("/officials/audit?entity=quote&lang=en")
    assert page.status_code == 200
    assert "123,456,789" not in page.text and "111,222,333" not in page.text
    assert "123456789" not in page.text and secret not in page.text


def test_rfq_and_quote_events_read_with_their_own_labels(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input())
    quotes.withdraw_quote(session, w.staff_a, rfq_id)
    official = Party(app, session, make_user(session, Role.OFFICIAL))
    page = official.get("/officials/audit?entity=quote&lang=en").text
    assert "quote sent" in page and "quote withdrawn" in page
    assert "submitted for review" not in page and "returned to the queue" not in page
    rfqs = official.get("/officials/audit?entity=rfq&lang=en").text
    assert "Request for quotation" in rfqs and "published and suppliers invited" in rfqs
    vi = official.get("/officials/audit?entity=quote&lang=vi").text
    assert "Báo giá" in vi


def test_only_real_countries_in_the_languages_order(app, session):
    from marketplace.rfqs.pages import country_choices

    vi = country_choices("vi")
    codes = [c for c, _n in vi]
    assert codes[0] == "VN" and "DE" in codes and "CN" in codes
    assert not {"XA", "XB", "EU", "EZ", "UN", "ZZ", "QO", "XK"} & set(codes)
    names = [n for _c, n in vi[1:]]
    assert names.index("Đức") < names.index("Ecuador")  # not after every Latin letter
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    for bad in ("XA", "EU", "ZZ", "QO"):
        with pytest.raises(InvalidInput) as refused:
            quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(origin=bad))
        assert "origin" in refused.value.errors


def test_the_description_keeps_lines_links_and_the_page_width(app, session):
    w = make_world(app, session)
    text = "Dòng một\nXem https://example.com/spec\n" + "x" * 3000
    rfq_id = open_rfq(session, w, description=text, min_local_content_pct=Decimal("72.5"))
    client = Party(app, session, w.buyer)
    page = client.get(f"/rfqs/{rfq_id}?lang=vi").text
    assert 'href="https://example.com/spec"' in page
    assert 'rel="nofollow noopener noreferrer"' in page
    assert 'class="rfq-description"' in page
    assert "72,5%" in page and "72.5%" not in page
    css = (Path(app.root_path).parent / "static/css/app.css").read_text()
    assert re.search(r"\.rfq-description \{[^}]*pre-line[^}]*overflow-wrap: anywhere", css)


def test_percentages_of_quotes_read_in_the_pages_language(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    qa = quotes.submit_quote(
        session, w.staff_a, rfq_id, quote_input(local_content_pct=Decimal("72.5"))
    ).id
    client = Party(app, session, w.buyer)
    for url in (f"/rfqs/{rfq_id}/compare?lang=vi", f"/rfqs/{rfq_id}/quotes/{qa}?lang=vi"):
        page = client.get(url).text
        assert "72,5%" in page and "72.5%" not in page


def test_the_rfq_list_and_form_fit_a_phone(app, session):
    w = make_world(app, session)
    open_rfq(session, w)
    client = Party(app, session, w.buyer)
    listing = client.get("/rfqs?lang=en").text
    assert "stack-sm" in listing and 'data-label="Quotes"' in listing
    assert "table-responsive" not in listing
    form = client.get("/rfqs/new?category=WW-PKG&lang=en").text
    assert "rfq-category-select" in form and "w-auto" not in form


def test_the_product_picker_offers_only_fitting_products_with_their_sku(app, session):
    w = make_world(app, session)
    make_product(session, w.a, name="Máy ép bùn băng tải", sku="EP-2")
    other = make_product(session, w.a, name="Trạm quan trắc", category_code="MON", sku="QT-1")
    rfq_id = open_rfq(session, w)
    client = Party(app, session, w.staff_a)
    page = client.get(f"/rfqs/{rfq_id}?lang=en").text
    assert "Máy ép bùn băng tải (EP-2)" in page
    assert "Trạm quan trắc" not in page
    with pytest.raises(InvalidInput) as refused:
        quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(product_id=other.id))
    assert "product_id" in refused.value.errors
