"""The pages as each party sees them: forms that post, what is shown and hidden, in
English and Vietnamese, and the award reaching the officials' drill-down."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.rfqs import quotes, services, threads
from marketplace.rfqs.inputs import AwardInput
from marketplace.rfqs.models import Quote, Rfq, RfqState
from tests.factories import make_user
from tests.factories import sign_in as _sign_in
from tests.rfqs.helpers import TODAY, make_world, open_rfq, quote_input, quoted_rfq
from tests.verification.helpers import pdf_bytes

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent

# Each request runs in an app context of its own: a page caches the signed-in user and
# the language in its app context, and these tests switch between parties.


class Party:
    """A browser of one user: a test client whose requests get a fresh app context."""

    def __init__(self, app, session, user):  # type: ignore[no-untyped-def]
        self.app, self.client = app, app.test_client()
        _sign_in(self.client, session, user)

    def get(self, url: str):  # type: ignore[no-untyped-def]
        with self.app.app_context():
            return self.client.get(url)

    def post(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        with self.app.app_context():
            return self.client.post(url, **kwargs)


PDF = pdf_bytes()


def test_buyer_posts_a_draft_with_the_category_template_and_publishes(app, session):
    w = make_world(app, session)
    client = Party(app, session, w.buyer)
    page = client.get("/rfqs/new?category=WW-SLU&lang=en")
    assert page.status_code == 200
    assert 'value="công suất"' in page.text  # the usual spec offered as a row
    form = {
        "category": "WW-SLU",
        "title": "Máy ép bùn",
        "quantity": "2",
        "unit": "bộ",
        "delivery_commune": "Cầu Giấy",
        "deadline": (TODAY + timedelta(days=10)).isoformat(),
        "specs-0-key": "công suất",
        "specs-0-value": "50 m3/ngày",
        "specs-1-key": "",
        "specs-1-value": "",
    }
    done = client.post("/rfqs/new?lang=en", data=form)
    assert done.status_code == 302
    rfq = session.scalar(select(Rfq))
    assert [(s.key, s.value) for s in rfq.specs] == [("công suất", "50 m3/ngày")]
    assert client.post(f"/rfqs/{rfq.id}/publish").status_code == 302
    page = client.get(f"/rfqs/{rfq.id}?lang=en")
    assert "2 suppliers invited" in page.text
    assert w.a.name in page.text and w.b.name in page.text


def test_form_errors_are_shown_next_to_the_fields(app, session):
    w = make_world(app, session)
    client = Party(app, session, w.buyer)
    bad = client.post(
        "/rfqs/new?lang=en",
        data={
            "category": "WW",
            "title": "x",
            "quantity": "1",
            "unit": "bộ",
            "delivery_commune": "Nowhere",
            "deadline": "2020-01-01",
        },
    )
    assert bad.status_code == 422
    assert "Choose a commune or ward of Hà Nội." in bad.text
    assert "Choose a day from today on." in bad.text


def test_the_lists_are_empty_with_a_word_of_help(app, session):
    w = make_world(app, session)
    client = Party(app, session, w.buyer)
    assert "You have not asked for quotations yet" in client.get("/rfqs?lang=en").text
    other = Party(app, session, w.staff_a)
    assert "No request for quotation yet" in other.get("/inbox/rfqs?lang=en").text


def test_supplier_quotes_with_a_file_and_never_sees_a_competitor(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    quotes.submit_quote(session, w.staff_b, rfq_id, quote_input(price_vnd=123_456_789))
    client = Party(app, session, w.staff_a)
    page = client.get(f"/rfqs/{rfq_id}?lang=en")
    assert page.status_code == 200 and "Send the quote" in page.text
    assert w.b.name not in page.text and "123,456,789" not in page.text
    sent = client.post(
        f"/rfqs/{rfq_id}/quote?lang=en",
        data={
            "price_vnd": "700000000",
            "lead_time_days": "30",
            "local_content_pct": "70",
            "origin": "VN",
            "warranty_months": "24",
            "product_id": "",
            "notes": "",
            "attachments": [(__import__("io").BytesIO(PDF), "bao-gia.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302, re.findall(r"invalid-feedback[^>]*>([^<]*)", sent.text)
    quote = session.scalar(select(Quote).where(Quote.supplier_id == w.a.id))
    theirs = session.scalar(select(Quote).where(Quote.supplier_id == w.b.id))
    assert client.get(f"/rfqs/{rfq_id}/quotes/{quote.id}").status_code == 200
    assert client.get(f"/rfqs/{rfq_id}/quotes/{theirs.id}").status_code == 404
    assert client.get(f"/rfqs/{rfq_id}/compare").status_code == 404
    inbox = client.get("/inbox/rfqs?lang=en")
    assert "Quoted" in inbox.text and w.b.name not in inbox.text


def test_buyer_compares_side_by_side_sorted_and_downloads_a_document(app, session):
    w = make_world(app, session)
    rfq_id = open_rfq(session, w)
    from marketplace.attachments.files import Upload

    quotes.submit_quote(session, w.staff_a, rfq_id, quote_input(uploads=[Upload("a.pdf", PDF)]))
    quotes.submit_quote(session, w.staff_b, rfq_id, quote_input(price_vnd=5, lead_time_days=90))
    client = Party(app, session, w.buyer)
    by_price = client.get(f"/rfqs/{rfq_id}/compare?lang=en").text
    assert by_price.index(w.b.name) < by_price.index(w.a.name)
    by_lead = client.get(f"/rfqs/{rfq_id}/compare?sort=lead_time&lang=en").text
    assert by_lead.index(w.a.name) < by_lead.index(w.b.name)
    assert "—" in by_lead  # no response time known yet
    assert "stack-sm" in by_lead  # the table stacks on a phone
    quote = session.scalar(select(Quote).where(Quote.supplier_id == w.a.id))
    link = f"/rfqs/{rfq_id}/quotes/{quote.id}/files/"
    assert link in by_lead
    attachment_id = by_lead.split(link, 1)[1].split('"', 1)[0]
    got = client.get(link + attachment_id)
    assert got.status_code == 200
    got.close()  # a sent file is streamed from an open file
    assert got.headers["Content-Disposition"].startswith("attachment")


def test_comparison_reads_in_vietnamese(app, session):
    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    client = Party(app, session, w.buyer)
    page = client.get(f"/rfqs/{rfq_id}/compare?lang=vi")
    assert page.status_code == 200
    assert "Việt Nam" in page.text  # the origin's name in the page's language
    assert 'lang="vi"' in page.text


def test_questions_are_escaped_with_safe_links(app, session):
    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    client = Party(app, session, w.buyer)
    sent = client.post(
        f"/rfqs/{rfq_id}/questions/{w.a.id}",
        data={"body": "<script>alert(1)</script> xem https://vi.example/bang-gia"},
    )
    assert sent.status_code == 302
    page = client.get(f"/rfqs/{rfq_id}/questions/{w.a.id}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page, page[
        page.find("<main") :
    ][:3000]
    body = page[page.find("message-body") :][:400]
    assert 'href="https://vi.example/bang-gia"' in body and "noopener" in body, body
    assert client.get(f"/rfqs/{rfq_id}/questions/{w.b.id}").status_code == 200
    staff_b = Party(app, session, w.staff_b)
    assert staff_b.get(f"/rfqs/{rfq_id}/questions/{w.a.id}").status_code == 404


def test_award_over_the_web_reaches_the_officials_drill_down(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    client = Party(app, session, w.buyer)
    assert client.get(f"/rfqs/{rfq_id}/quotes/{qa}/award?lang=en").status_code == 200
    done = client.post(
        f"/rfqs/{rfq_id}/quotes/{qa}/award",
        data={"contract_value_vnd": "690000000", "delivery_year": "2026"},
    )
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.AWARDED
    official = Party(app, session, make_user(session, Role.OFFICIAL))
    drill = official.get("/officials/share/records?year=2026&category=WW&lang=en").text
    assert f"RFQ-{rfq_id}" in drill
    assert f"/officials/rfqs/{rfq_id}" in drill
    summary = official.get(f"/officials/rfqs/{rfq_id}?lang=en").text
    assert w.a.name in summary and "690,000,000" in summary
    assert w.b.name not in summary and "650,000,000" not in summary  # no competitor
    assert official.get(f"/rfqs/{rfq_id}").status_code == 404
    loser = Party(app, session, w.staff_b)
    page = loser.get(f"/rfqs/{rfq_id}?lang=en").text
    assert "The buyer has chosen another offer" in page
    assert w.a.name not in page and "690,000,000" not in page


@pytest.mark.parametrize("lang,text", [("en", "Inbox"), ("vi", "Hộp thư")])
def test_navbar_badge_counts_unread_invitations(app, session, lang, text):
    w = make_world(app, session)
    open_rfq(session, w)
    client = Party(app, session, w.staff_a)
    home = client.get(f"/?lang={lang}").text
    assert 'data-inbox-unread="1"' in home and text in home
    inbox = client.get(f"/inbox/rfqs?lang={lang}").text
    assert 'href="/inbox/rfqs" aria-current=page' in inbox  # its tab of the inbox


def test_mails_are_sent_in_each_readers_language(app, session):
    from marketplace.notifications import digests
    from tests.verification.helpers import outbox

    w = make_world(app, session)
    w.staff_a.locale = "en"
    session.commit()
    open_rfq(session, w)
    # Invitations are batched: nothing until the hourly digest goes out.
    assert [m for m in outbox(app) if m["To"] == w.staff_a.email] == []
    with app.test_request_context():
        digests.send_due(session)
    [mail] = [m for m in outbox(app) if m["To"] == w.staff_a.email]
    assert "invited to quote" in mail.get_content()


def test_a_cancelled_request_closes_the_conversation(app, session):
    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    services.cancel(session, w.buyer, rfq_id)
    from marketplace.errors import Conflict

    with pytest.raises(Conflict):
        threads.post_message(session, w.staff_a, rfq_id, w.a.id, "Còn cần không?")


def test_award_page_refuses_a_bad_year(app, session):
    w = make_world(app, session)
    rfq_id, qa, _qb = quoted_rfq(session, w)
    client = Party(app, session, w.buyer)
    bad = client.post(
        f"/rfqs/{rfq_id}/quotes/{qa}/award?lang=en",
        data={"contract_value_vnd": "5", "delivery_year": "2099"},
    )
    assert bad.status_code == 422
    session.expire_all()
    assert session.get(Rfq, rfq_id).state == RfqState.OPEN
    assert AwardInput  # the service's input, used above through the form


def _statements(app, party, url: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert party.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_lists_and_comparison_run_the_same_queries_however_long(app, session):
    from marketplace.attachments.files import Upload
    from tests.factories import make_product, make_supplier

    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    buyer, staff = Party(app, session, w.buyer), Party(app, session, w.staff_a)
    urls = (f"/rfqs/{rfq_id}/compare", "/rfqs", "/inbox/rfqs", f"/rfqs/{rfq_id}")
    parties = (buyer, buyer, staff, buyer)
    before = [_statements(app, p, u) for p, u in zip(parties, urls, strict=True)]
    for n in range(3):
        extra = make_supplier(session, name=f"Công ty Thêm {n}")
        make_product(session, extra)
        from marketplace.rfqs import invites

        invites.invite_supplier(session, w.buyer, rfq_id, extra.id)
        quotes.submit_quote(
            session,
            make_user(session, Role.SUPPLIER_STAFF, supplier=extra),
            rfq_id,
            quote_input(uploads=[Upload("b.pdf", PDF)]),
        )
        open_rfq(session, w)
    after = [_statements(app, p, u) for p, u in zip(parties, urls, strict=True)]
    assert after == before


def test_the_comparison_shows_each_suppliers_response_time_to_inquiries(app, session):
    from datetime import timedelta

    from marketplace.db import utcnow
    from marketplace.inquiries.models import Inquiry, InquiryState

    w = make_world(app, session)
    rfq_id, _qa, _qb = quoted_rfq(session, w)
    start = utcnow() - timedelta(days=3)
    for hours in (2, 4, 9):  # supplier A answered three inquiries: median 4 h
        session.add(
            Inquiry(
                buyer_id=w.buyer.id,
                supplier_id=w.a.id,
                subject="Hỏi giá",
                created_at=start,
                last_message_at=start,
                first_reply_at=start + timedelta(hours=hours),
                state=InquiryState.ANSWERED,
            )
        )
    session.commit()
    page = Party(app, session, w.buyer).get(f"/rfqs/{rfq_id}/compare?lang=en").text
    assert "4.0 h (median of 3)" in page  # A
    assert page.count("—") >= 1  # B: fewer than three inquiries, nothing claimed
