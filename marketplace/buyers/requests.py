"""The buyer's one list of everything they asked suppliers: inquiries and requests
for quotation together, newest activity first, each with its state."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The two states are different enum types: both are read back as their stored text.
from sqlalchemy import Select, String, cast, false, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from marketplace.inquiries.models import Inquiry
from marketplace.pagination import MAX_PAGE, Page
from marketplace.rfqs.models import Quote, QuoteState, Rfq, RfqInvitation
from marketplace.suppliers.models import Supplier

PER_PAGE = 20


class RequestKind(enum.StrEnum):
    INQUIRY = "inquiry"
    RFQ = "rfq"


@dataclass(frozen=True)
class RequestRow:
    kind: RequestKind
    id: int
    title: str
    state: str
    activity_at: datetime
    counterpart: str  # the supplier written to; empty for a request for quotation
    invited: int  # suppliers invited (RFQ) / 1 (inquiry)
    quotes: int  # quotes not withdrawn (RFQ) / 0
    unread: bool  # a reply the buyer has not read (inquiry)


def _inquiries(buyer_id: int) -> Select[Any]:
    unread = or_(Inquiry.buyer_seen_at.is_(None), Inquiry.last_message_at > Inquiry.buyer_seen_at)
    return (
        select(
            literal(RequestKind.INQUIRY.value).label("kind"),
            Inquiry.id.label("id"),
            Inquiry.subject.label("title"),
            cast(Inquiry.state, String(20)).label("state"),
            Inquiry.last_message_at.label("activity_at"),
            Supplier.name.label("counterpart"),
            literal(1).label("invited"),
            literal(0).label("quotes"),
            unread.label("unread"),
        )
        .join(Supplier, Supplier.id == Inquiry.supplier_id)
        .where(Inquiry.buyer_id == buyer_id)
    )


def _rfqs(buyer_id: int) -> Select[Any]:
    invited = (
        select(func.count()).where(RfqInvitation.rfq_id == Rfq.id).correlate(Rfq).scalar_subquery()
    )
    live = (QuoteState.SUBMITTED, QuoteState.REVISED, QuoteState.WON, QuoteState.LOST)
    quotes = (
        select(func.count())
        .where(Quote.rfq_id == Rfq.id, Quote.state.in_(live))
        .correlate(Rfq)
        .scalar_subquery()
    )
    # The last thing that happened: its end, a quote's arrival, its publication.
    last_quote = (
        select(func.max(Quote.updated_at)).where(Quote.rfq_id == Rfq.id).correlate(Rfq)
    ).scalar_subquery()
    activity = func.coalesce(Rfq.ended_at, last_quote, Rfq.published_at, Rfq.created_at)
    return select(
        literal(RequestKind.RFQ.value).label("kind"),
        Rfq.id.label("id"),
        Rfq.title.label("title"),
        cast(Rfq.state, String(20)).label("state"),
        activity.label("activity_at"),
        literal("").label("counterpart"),
        invited.label("invited"),
        quotes.label("quotes"),
        false().label("unread"),
    ).where(Rfq.buyer_id == buyer_id)


def list_requests(
    session: Session, buyer_id: int, kind: RequestKind | None = None, page: int = 1
) -> Page[RequestRow]:
    """One page of the buyer's inquiries and requests for quotation (or of one kind)."""
    parts = [
        part
        for k, part in ((RequestKind.RFQ, _rfqs), (RequestKind.INQUIRY, _inquiries))
        if kind in (None, k)
    ]
    rows = union_all(*(p(buyer_id) for p in parts)).subquery()
    total = session.scalar(select(func.count()).select_from(rows)) or 0
    page = min(max(1, page), MAX_PAGE)
    found = session.execute(
        select(rows)
        .order_by(rows.c.activity_at.desc(), rows.c.kind, rows.c.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    items = [
        RequestRow(
            kind=RequestKind(r.kind),
            id=r.id,
            title=r.title,
            state=r.state,
            activity_at=r.activity_at,
            counterpart=r.counterpart or "",
            invited=int(r.invited),
            quotes=int(r.quotes),
            unread=bool(r.unread),
        )
        for r in found
    ]
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)
