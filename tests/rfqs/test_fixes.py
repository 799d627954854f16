"""Defects found by exploratory testing, each pinned by a test."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.notifications.models import Notification
from marketplace.rfqs.models import Quote, QuoteRevision
from tests.rfqs.helpers import make_world, open_rfq
from tests.rfqs.test_pages import PDF, Party


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
