"""Response time: the exact median of hours to the staff's first reply over the last
90 days, unanswered inquiries counted with their waiting time, nothing below 3."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from marketplace.db import utcnow
from marketplace.inquiries.models import Inquiry, InquiryState
from marketplace.inquiries.queries import ResponseTime, response_times
from tests.factories import make_supplier, make_user

NOW = datetime(2026, 6, 1, 12, 0)
H = timedelta(hours=1)


def _inquiry(session, supplier, buyer, created, reply_after=None, closed_after=None):  # type: ignore[no-untyped-def]
    inquiry = Inquiry(
        buyer_id=buyer.id,
        supplier_id=supplier.id,
        subject="Hỏi giá",
        created_at=created,
        last_message_at=created,
        first_reply_at=created + reply_after if reply_after is not None else None,
        closed_at=created + closed_after if closed_after is not None else None,
        state=InquiryState.CLOSED
        if closed_after is not None
        else (InquiryState.ANSWERED if reply_after is not None else InquiryState.NEW),
    )
    session.add(inquiry)
    return inquiry


def _fixture(session, now=NOW):  # type: ignore[no-untyped-def]
    """Hours counted: 0.5, 2, 7, 20 (still waiting), 50 (closed unanswered) → median 7."""
    supplier = make_supplier(session, name="Công ty Phản Hồi")
    buyer = make_user(session)
    _inquiry(session, supplier, buyer, now - timedelta(days=10), reply_after=2 * H)
    _inquiry(session, supplier, buyer, now - timedelta(days=5), reply_after=H / 2)
    _inquiry(session, supplier, buyer, now - 20 * H)  # unanswered: 20 hours so far
    # Exactly 90 days old: in; a minute older: out (it would make the median 4.5).
    _inquiry(session, supplier, buyer, now - timedelta(days=90), reply_after=7 * H)
    _inquiry(session, supplier, buyer, now - timedelta(days=90, minutes=1), reply_after=H)
    # Closed by the buyer without a reply after 50 hours: nobody can answer it since.
    _inquiry(session, supplier, buyer, now - timedelta(days=30), closed_after=50 * H)
    session.commit()
    return supplier, buyer


def test_the_median_over_the_last_90_days_counts_the_unanswered(session):
    supplier, _buyer = _fixture(session)
    got = response_times(session, [supplier.id], now=NOW)[supplier.id]
    assert got.count == 5
    assert got.median_hours == pytest.approx(7, abs=1e-4)
    assert got.hours == 7
    assert got.unanswered == 2 and not got.mostly_unanswered


def test_an_even_count_takes_the_mean_of_the_two_middle_values(session):
    supplier, buyer = _fixture(session)
    _inquiry(session, supplier, buyer, NOW - timedelta(days=3), reply_after=10 * H)
    session.commit()
    got = response_times(session, [supplier.id], now=NOW)[supplier.id]
    assert got.count == 6
    assert got.median_hours == pytest.approx(8.5, abs=1e-4)  # (7 + 10) / 2
    assert got.hours == 9


def test_nothing_is_said_below_three_inquiries_and_suppliers_do_not_mix(session):
    few = make_supplier(session)
    three = make_supplier(session)
    buyer = make_user(session)
    for supplier, n in ((few, 2), (three, 3)):
        for i in range(n):
            _inquiry(session, supplier, buyer, NOW - timedelta(days=i + 1), reply_after=(i + 1) * H)
    session.commit()
    got = response_times(session, [few.id, three.id, 10**6], now=NOW)
    assert got == {three.id: ResponseTime(pytest.approx(2, abs=1e-4), 3, 0)}  # type: ignore[arg-type]


def test_a_quick_reply_reads_as_within_one_hour():
    assert ResponseTime(0.2, 4).hours == 1
    assert ResponseTime(3.0, 4).hours == 3
    assert ResponseTime(3.01, 4).hours == 4


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "Thường trả lời trong vòng 5 giờ (dựa trên 4 yêu cầu)"),
        ("en", "Usually replies within 5 hours (based on 4 inquiries)"),
    ],
)
def test_the_public_profile_shows_it_in_both_languages(client, session, lang, text):
    supplier = make_supplier(session)
    buyer = make_user(session)
    now = utcnow()
    for days, hours in ((1, 1), (2, 2), (3, 7), (100, 1)):  # the last is too old to count
        _inquiry(session, supplier, buyer, now - timedelta(days=days), reply_after=hours * H)
    _inquiry(session, supplier, buyer, now - 20 * H)  # still waiting: 20 hours
    session.commit()
    html = client.get(f"/suppliers/{supplier.tax_code}?lang={lang}").get_data(as_text=True)
    assert text in " ".join(re.sub(r"<[^>]+>", "", html).split())  # median of 1, 2, 7, 20: 4.5


def test_the_profile_says_nothing_before_three_inquiries(client, session):
    supplier = make_supplier(session)
    buyer = make_user(session)
    _inquiry(session, supplier, buyer, utcnow() - H, reply_after=H / 2)
    session.commit()
    html = client.get(f"/suppliers/{supplier.tax_code}?lang=en").get_data(as_text=True)
    assert "Usually replies" not in html


def test_a_supplier_that_ignores_most_buyers_is_not_called_quick(client, session):
    # Ten inquiries of the last hour, none answered: their waiting times so far are
    # minutes, which must not read as "usually replies within 1 hour".
    supplier = make_supplier(session)
    buyer = make_user(session)
    now = utcnow()
    for minutes in range(10):
        _inquiry(session, supplier, buyer, now - timedelta(minutes=5 + minutes))
    session.commit()
    got = response_times(session, [supplier.id])[supplier.id]
    assert got.count == 10 and got.unanswered == 10 and got.mostly_unanswered
    page = client.get(f"/suppliers/{supplier.tax_code}?lang=en").text
    assert "Has not replied to most inquiries yet" in page
    assert "Usually replies" not in page
