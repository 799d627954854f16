"""Reads for the inquiry pages, the navbar badge and the suppliers' response time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Select, case, extract, func, literal, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.accounts.models import Role, User
from marketplace.attachments.models import Attachment
from marketplace.db import utcnow
from marketplace.inquiries.models import (
    Inquiry,
    InquiryMessage,
    InquiryState,
    inquiry_message_attachments,
)
from marketplace.inquiries.permissions import Side

RESPONSE_WINDOW = timedelta(days=90)
MIN_INQUIRIES = 3  # fewer say nothing reliable about a supplier
_CHUNK = 1000  # drivers cap the parameters of one statement


@dataclass(frozen=True)
class Thread:
    inquiry: Inquiry
    side: Side  # who is reading
    messages: list[InquiryMessage]


@dataclass(frozen=True)
class ResponseTime:
    """Median hours from an inquiry's arrival to the staff's first reply, over
    `count` inquiries."""

    median_hours: float
    count: int
    unanswered: int = 0  # of `count`, never replied to (still waiting, or closed so)

    @property
    def mostly_unanswered(self) -> bool:
        """More than half never answered: the median is then only a waiting time so
        far, which says nothing good ("within 1 hour" of ten ignored buyers)."""
        return self.unanswered * 2 > self.count

    @property
    def hours(self) -> int:
        """What the profile says: "within N hours", never "within 0 hours"."""
        return max(1, math.ceil(self.median_hours - 1e-9))


def get_inquiry(session: Session, inquiry_id: int) -> Inquiry | None:
    stmt = (
        select(Inquiry)
        .where(Inquiry.id == inquiry_id)
        .options(
            joinedload(Inquiry.supplier), joinedload(Inquiry.product), joinedload(Inquiry.buyer)
        )
    )
    return session.scalar(stmt)


def get_thread(session: Session, inquiry: Inquiry, side: Side) -> Thread:
    """The inquiry's messages in order, with their authors and files (three queries)."""
    stmt = (
        select(InquiryMessage)
        .where(InquiryMessage.inquiry_id == inquiry.id)
        .options(joinedload(InquiryMessage.author), selectinload(InquiryMessage.attachments))
        .order_by(InquiryMessage.created_at, InquiryMessage.id)
    )
    return Thread(inquiry, side, list(session.scalars(stmt)))


def get_thread_attachment(
    session: Session, inquiry_id: int, attachment_id: int
) -> Attachment | None:
    """The file if a message of this inquiry carries it."""
    table = inquiry_message_attachments
    link = table.c
    stmt = (
        select(Attachment)
        .join(table, link.attachment_id == Attachment.id)
        .join(InquiryMessage, InquiryMessage.id == link.message_id)
        .where(Attachment.id == attachment_id, InquiryMessage.inquiry_id == inquiry_id)
    )
    return session.scalar(stmt)


def _unread(side: str) -> ColumnElement[bool]:
    seen = Inquiry.buyer_seen_at if side == "buyer" else Inquiry.supplier_seen_at
    return or_(seen.is_(None), Inquiry.last_message_at > seen)


def select_inbox(supplier_id: int, state: InquiryState | None = None) -> Select[Any]:
    """A supplier's inquiries, newest activity first."""
    stmt = (
        select(Inquiry)
        .where(Inquiry.supplier_id == supplier_id)
        .options(joinedload(Inquiry.buyer), joinedload(Inquiry.product))
        .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
    )
    return stmt.where(Inquiry.state == state) if state else stmt


def select_sent(buyer_id: int, state: InquiryState | None = None) -> Select[Any]:
    """A buyer's inquiries, newest activity first."""
    stmt = (
        select(Inquiry)
        .where(Inquiry.buyer_id == buyer_id)
        .options(joinedload(Inquiry.supplier), joinedload(Inquiry.product))
        .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
    )
    return stmt.where(Inquiry.state == state) if state else stmt


@dataclass(frozen=True)
class Counts:
    by_state: dict[str, int]
    unread: int

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def count_inbox(session: Session, supplier_id: int) -> Counts:
    return _counts(session, Inquiry.supplier_id == supplier_id, "supplier")


def count_sent(session: Session, buyer_id: int) -> Counts:
    return _counts(session, Inquiry.buyer_id == buyer_id, "buyer")


def _counts(session: Session, where: ColumnElement[bool], side: str) -> Counts:
    stmt = (
        select(
            Inquiry.state,
            func.count(),
            func.coalesce(func.sum(case((_unread(side), 1), else_=0)), 0),
        )
        .where(where)
        .group_by(Inquiry.state)
    )
    rows = session.execute(stmt).all()
    by_state = {s.value: 0 for s in InquiryState}
    by_state.update({InquiryState(state).value: int(n) for state, n, _unread_n in rows})
    return Counts(by_state, sum(int(u) for *_rest, u in rows))


def count_unread(session: Session, user: User | None) -> int:
    """Inquiries with a message the user has not seen: a buyer's own, or those of the
    staff's supplier (the navbar badge). 0 for everyone else."""
    if user is None or not user.is_authenticated:
        return 0
    if user.role == Role.BUYER:
        where, side = Inquiry.buyer_id == user.id, "buyer"
    elif user.role == Role.SUPPLIER_STAFF and user.supplier_id is not None:
        where, side = Inquiry.supplier_id == user.supplier_id, "supplier"
    else:
        return 0
    return session.scalar(select(func.count()).where(where, _unread(side))) or 0


def response_times(
    session: Session, supplier_ids: list[int], now: datetime | None = None
) -> dict[int, ResponseTime]:
    """The response time of each supplier that has one, in one statement per
    thousand suppliers.

    The rule: over the inquiries a supplier received in the last 90 days (created at
    or after now - 90 days), the median of the hours from each inquiry's creation to
    the first reply by the supplier's staff. An inquiry still unanswered counts with
    its waiting time so far (until now, or until it was closed unanswered: nobody can
    reply to a closed thread), so ignoring buyers never improves the figure. The
    median is exact (the mean of the two middle values for an even count). Suppliers
    with fewer than 3 such inquiries are left out: nothing is shown for them."""
    now = now or utcnow()
    result: dict[int, ResponseTime] = {}
    ids = sorted(set(supplier_ids))
    for start in range(0, len(ids), _CHUNK):
        stmt = _median_statement(session, ids[start : start + _CHUNK], now)
        for supplier_id, hours, count, unanswered in session.execute(stmt):
            result[int(supplier_id)] = ResponseTime(float(hours), int(count), int(unanswered))
    return result


def _hours(session: Session, end: ColumnElement[Any], start: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


def _median_statement(session: Session, supplier_ids: list[int], now: datetime) -> Select[Any]:
    end = func.coalesce(Inquiry.first_reply_at, Inquiry.closed_at, literal(now, DateTime()))
    hours = _hours(session, end, Inquiry.created_at)
    ranked = (
        select(
            Inquiry.supplier_id.label("supplier_id"),
            hours.label("hours"),
            func.row_number()
            .over(partition_by=Inquiry.supplier_id, order_by=(hours, Inquiry.id))
            .label("rank"),
            func.count().over(partition_by=Inquiry.supplier_id).label("n"),
            func.sum(case((Inquiry.first_reply_at.is_(None), 1), else_=0))
            .over(partition_by=Inquiry.supplier_id)
            .label("unanswered"),
        )
        .where(
            Inquiry.supplier_id.in_(supplier_ids),
            Inquiry.created_at >= now - RESPONSE_WINDOW,
            Inquiry.created_at <= now,
        )
        .subquery()
    )
    # The middle row for an odd count, the two middle rows for an even one.
    middle = or_(ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.rank == (ranked.c.n + 2) // 2)
    return (
        select(
            ranked.c.supplier_id,
            func.avg(ranked.c.hours),
            func.max(ranked.c.n),
            func.max(ranked.c.unanswered),
        )
        .where(middle, ranked.c.n >= MIN_INQUIRIES)
        .group_by(ranked.c.supplier_id)
    )
