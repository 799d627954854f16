"""Reads for the RFQ pages: the spec template of a category, the buyer's list, the
suppliers' inbox and its unread count, and what one reader may see of a request."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.attachments.models import Attachment
from marketplace.categories.models import Category
from marketplace.pagination import MAX_PAGE, Page, count_rows
from marketplace.products.models import Product, ProductSpec
from marketplace.products.queries import PUBLIC_STATES
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.clock import now
from marketplace.rfqs.models import (
    Quote,
    QuoteAttachment,
    QuoteRevision,
    QuoteState,
    Rfq,
    RfqInvitation,
    RfqMessage,
    RfqState,
)
from marketplace.suppliers.models import Supplier

TEMPLATE_ROWS = 8
PER_PAGE = 20


class InboxState(enum.StrEnum):
    """An invitation as its supplier sees it."""

    NEW = "new"
    QUOTED = "quoted"
    WON = "won"
    LOST = "lost"
    CLOSED = "closed"


def spec_template(session: Session, category_code: str) -> list[str]:
    """The spec names most used by the listed products of a category (and its
    subcategories), most used first: the rows offered to a buyer."""
    stmt = (
        select(ProductSpec.key)
        .join(Product, Product.id == ProductSpec.product_id)
        .join(Category, Category.code == Product.category_code)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            Product.active.is_(True),
            Supplier.state.in_(PUBLIC_STATES),
            or_(Category.code == category_code, Category.parent_code == category_code),
        )
        .group_by(ProductSpec.key)
        .order_by(func.count().desc(), ProductSpec.key)
        .limit(TEMPLATE_ROWS)
    )
    return list(session.scalars(stmt))


def _rows(session: Session, stmt: Select[Any], page: int) -> Page[Any]:
    page = min(max(1, page), MAX_PAGE)
    total = count_rows(session, stmt)
    rows = session.execute(stmt.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Page(items=list(rows), page=page, per_page=PER_PAGE, total=total)


def _live_quotes() -> Any:
    """A quote the buyer can still read and compare: every state but withdrawn. The
    one definition for the counts, the comparison and the "Quoted" labels."""
    return Quote.state.in_(LIVE_STATES)


LIVE_STATES = (QuoteState.SUBMITTED, QuoteState.REVISED, QuoteState.WON, QuoteState.LOST)


def list_buyer_rfqs(session: Session, user: User, page: int = 1) -> Page[Any]:
    """The buyer's requests, newest first, each with how many suppliers were invited
    and how many quotes (not withdrawn) it has: rows (rfq, invited, quotes)."""
    invited = (
        select(func.count()).where(RfqInvitation.rfq_id == Rfq.id).correlate(Rfq).scalar_subquery()
    )
    quotes = (
        select(func.count())
        .where(Quote.rfq_id == Rfq.id, _live_quotes())
        .correlate(Rfq)
        .scalar_subquery()
    )
    stmt = (
        select(Rfq, invited.label("invited"), quotes.label("quotes"))
        .where(Rfq.buyer_id == user.id)
        .order_by(Rfq.created_at.desc(), Rfq.id.desc())
    )
    return _rows(session, stmt, page)


def _inbox_state(at: Any) -> Any:
    ended = or_(Rfq.state != RfqState.OPEN, Rfq.deadline <= at)
    return case(
        (Quote.state == QuoteState.WON, InboxState.WON.value),
        (Quote.state == QuoteState.LOST, InboxState.LOST.value),
        (or_(ended, Quote.state == QuoteState.WITHDRAWN), InboxState.CLOSED.value),
        (Quote.state.is_not(None), InboxState.QUOTED.value),
        else_=InboxState.NEW.value,
    )


def list_inbox(session: Session, user: User, state: str | None = None, page: int = 1) -> Page[Any]:
    """The invitations of the user's supplier, newest first: rows (rfq, invitation,
    inbox state). `state` filters by inbox state."""
    supplier_id = perms.supplier_of(user)
    status = _inbox_state(now()).label("status")
    stmt = (
        select(Rfq, RfqInvitation, status)
        .join(RfqInvitation, RfqInvitation.rfq_id == Rfq.id)
        .outerjoin(
            Quote, and_(Quote.rfq_id == Rfq.id, Quote.supplier_id == RfqInvitation.supplier_id)
        )
        .where(RfqInvitation.supplier_id == supplier_id, Rfq.state != RfqState.DRAFT)
        .order_by(RfqInvitation.created_at.desc(), RfqInvitation.id.desc())
    )
    if state in set(InboxState):
        stmt = stmt.where(_inbox_state(now()) == state)
    return _rows(session, stmt, page)


def count_inbox_states(session: Session, user: User) -> dict[str, int]:
    """{inbox state: invitations} for the filter tabs."""
    supplier_id = perms.supplier_of(user)
    status = _inbox_state(now())
    stmt = (
        select(status, func.count())
        .select_from(RfqInvitation)
        .join(Rfq, Rfq.id == RfqInvitation.rfq_id)
        .outerjoin(
            Quote, and_(Quote.rfq_id == Rfq.id, Quote.supplier_id == RfqInvitation.supplier_id)
        )
        .where(RfqInvitation.supplier_id == supplier_id, Rfq.state != RfqState.DRAFT)
        .group_by(status)
    )
    return {str(k): int(v) for k, v in session.execute(stmt).tuples()}


def count_unread_invitations(session: Session, user: User) -> int:
    """Invitations to open requests that none of the supplier's staff has opened yet
    (the navbar badge); 0 for anyone who is not supplier staff."""
    supplier_id = perms.supplier_of(user)
    if supplier_id is None:
        return 0
    stmt = (
        select(func.count())
        .select_from(RfqInvitation)
        .join(Rfq, Rfq.id == RfqInvitation.rfq_id)
        .where(
            RfqInvitation.supplier_id == supplier_id,
            RfqInvitation.seen_at.is_(None),
            Rfq.state == RfqState.OPEN,
            Rfq.deadline > now(),
        )
    )
    return int(session.scalar(stmt) or 0)


@dataclass
class Invited:
    supplier_id: int
    name: str
    tax_code: str
    verified: bool
    by_buyer: bool
    quoted: bool  # a live quote (see _live_quotes), as counted everywhere
    withdrawn: bool  # quoted, then took it back: the invitation stays


@dataclass
class BuyerView:
    rfq: Rfq
    category: Category
    invited: list[Invited]
    quotes: int  # not withdrawn
    accepting: bool  # open and before the deadline
    winner: str | None  # the chosen supplier's name, once awarded


def rfq_with_category(session: Session, rfq_id: int) -> tuple[Rfq, Category]:
    row = session.execute(
        select(Rfq, Category)
        .join(Category, Category.code == Rfq.category_code)
        .where(Rfq.id == rfq_id)
    ).first()
    if row is None:
        raise perms.not_found()
    return row[0], row[1]


def get_buyer_view(session: Session, user: User, rfq_id: int) -> BuyerView:
    """The buyer's page of their request; NotFound for anyone else."""
    rfq, category = rfq_with_category(session, rfq_id)
    perms.require_buyer_of(user, rfq)
    stmt = (
        select(Supplier, RfqInvitation.by_buyer, Quote.state)
        .join(RfqInvitation, RfqInvitation.supplier_id == Supplier.id)
        .outerjoin(Quote, and_(Quote.rfq_id == rfq.id, Quote.supplier_id == Supplier.id))
        .where(RfqInvitation.rfq_id == rfq.id)
        .order_by(RfqInvitation.rank, RfqInvitation.id)
    )
    rows = list(session.execute(stmt).tuples())
    invited = [
        Invited(
            s.id,
            reader_name(s.name, s.name_en),
            s.tax_code,
            s.state == "verified",
            by_buyer,
            state is not None and state != QuoteState.WITHDRAWN,
            state == QuoteState.WITHDRAWN,
        )
        for s, by_buyer, state in rows
    ]
    quotes = sum(1 for _i in invited if _i.quoted)
    winner = next(
        (reader_name(s.name, s.name_en) for s, _b, state in rows if state == QuoteState.WON), None
    )
    return BuyerView(rfq, category, invited, quotes, _accepting(rfq), winner)


def _accepting(rfq: Rfq) -> bool:
    return rfq.state == RfqState.OPEN and rfq.deadline > now()


@dataclass
class SupplierView:
    rfq: Rfq
    category: Category
    quote: Quote | None
    revisions: list[QuoteRevision]
    attachments: list[Attachment]
    products: list[tuple[int, str]]  # the supplier's products, for the quote form
    messages: list[RfqMessage]
    accepting: bool


def get_supplier_view(session: Session, user: User, rfq_id: int) -> SupplierView:
    """What an invited supplier's staff see: the requirement and their own quote only
    (never another supplier's); NotFound for suppliers not invited."""
    from marketplace.rfqs.quotes import invited_rfq

    rfq = invited_rfq(session, user, rfq_id)
    category = session.get(Category, rfq.category_code)
    if category is None:  # guaranteed by the checks above
        raise LookupError("category missing")
    supplier_id = perms.supplier_of(user)
    quote = session.scalar(
        select(Quote).where(Quote.rfq_id == rfq.id, Quote.supplier_id == supplier_id)
    )
    revisions, attachments = [], []
    if quote is not None:
        revisions = list(
            session.scalars(
                select(QuoteRevision)
                .where(QuoteRevision.quote_id == quote.id)
                .order_by(QuoteRevision.number.desc())
            )
        )
        attachments = list_attachments(session, [quote.id]).get(quote.id, [])
    # Only the products that fit the request (its category or a subcategory), each
    # with its SKU: a supplier may list two products of the same name.
    products = [
        (pid, f"{name} ({sku})" if sku else name)
        for pid, name, sku in session.execute(
            select(Product.id, Product.name, Product.sku)
            .join(Category, Category.code == Product.category_code)
            .where(
                Product.supplier_id == supplier_id,
                Product.active.is_(True),
                or_(Category.code == rfq.category_code, Category.parent_code == rfq.category_code),
            )
            .order_by(Product.name, Product.sku)
        ).tuples()
    ]
    messages = list(
        session.scalars(
            select(RfqMessage)
            .where(RfqMessage.rfq_id == rfq.id, RfqMessage.supplier_id == supplier_id)
            .order_by(RfqMessage.created_at, RfqMessage.id)
        )
    )
    return SupplierView(
        rfq, category, quote, revisions, attachments, list(products), messages, _accepting(rfq)
    )


def list_attachments(session: Session, quote_ids: list[int]) -> dict[int, list[Attachment]]:
    """Each quote's files, in one query."""
    if not quote_ids:
        return {}
    stmt = (
        select(QuoteAttachment.quote_id, Attachment)
        .join(Attachment, Attachment.id == QuoteAttachment.attachment_id)
        .where(QuoteAttachment.quote_id.in_(quote_ids))
        .order_by(Attachment.id)
    )
    out: dict[int, list[Attachment]] = {}
    for quote_id, attachment in session.execute(stmt).tuples():
        out.setdefault(quote_id, []).append(attachment)
    return out


def list_messages(session: Session, rfq_id: int, supplier_id: int) -> list[RfqMessage]:
    stmt = select(RfqMessage).where(
        RfqMessage.rfq_id == rfq_id, RfqMessage.supplier_id == supplier_id
    )
    return list(session.scalars(stmt.order_by(RfqMessage.created_at, RfqMessage.id)))


def reader_name(name: str, name_en: str | None) -> str:
    """A supplier's name in the reader's language: its English name on English pages
    when it has one (as on its profile), the Vietnamese one otherwise."""
    return (name_en or name) if str(get_locale() or "vi") == "en" else name


def supplier_name(session: Session, supplier_id: int) -> str:
    row = session.execute(
        select(Supplier.name, Supplier.name_en).where(Supplier.id == supplier_id)
    ).first()
    return reader_name(row[0], row[1]) if row else ""
