"""The buyer's side-by-side of the quotes of a request, and the officials' read-only
summary of an awarded one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.attachments.models import Attachment
from marketplace.categories.models import Category
from marketplace.inquiries import queries as inquiry_queries
from marketplace.inquiries.queries import ResponseTime
from marketplace.products.models import Product
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.models import Quote, QuoteState, Rfq, RfqMessage, RfqState
from marketplace.rfqs.queries import _live_quotes, list_attachments, reader_name, rfq_with_category
from marketplace.suppliers.models import Supplier


@dataclass
class QuoteRow:
    quote: Quote
    supplier_name: str
    supplier_tax_code: str
    verification: str
    product_name: str | None
    attachments: list[Attachment]
    response: ResponseTime | None  # None: fewer than 3 inquiries, nothing claimed
    messages: int


SORTS = {
    "price": (Quote.price_vnd, Quote.id),
    "lead_time": (Quote.lead_time_days, Quote.price_vnd, Quote.id),
    "local_content": (Quote.local_content_pct.desc(), Quote.price_vnd, Quote.id),
}


def compare_quotes(
    session: Session,
    user: User,
    rfq_id: int,
    sort: str,
) -> tuple[Rfq, list[QuoteRow]]:
    """The buyer's side-by-side of the quotes of their request (withdrawn ones left
    out), ordered by `sort` (price, lead_time, local_content), with each supplier's
    response time to inquiries (missing: fewer than 3 inquiries, shown as unknown)."""
    rfq, _category = rfq_with_category(session, rfq_id)
    perms.require_buyer_of(user, rfq)
    messages = (
        select(func.count())
        .where(RfqMessage.rfq_id == rfq.id, RfqMessage.supplier_id == Quote.supplier_id)
        .correlate(Quote)
        .scalar_subquery()
    )
    stmt = (
        select(
            Quote,
            Supplier.name,
            Supplier.name_en,
            Supplier.tax_code,
            Supplier.state,
            Product.name,
            messages,
        )
        .join(Supplier, Supplier.id == Quote.supplier_id)
        .outerjoin(Product, Product.id == Quote.product_id)
        .where(Quote.rfq_id == rfq.id, _live_quotes())
        .order_by(*SORTS.get(sort, SORTS["price"]))
    )
    found = session.execute(stmt).tuples().all()
    files = list_attachments(session, [row[0].id for row in found])
    response_times = inquiry_queries.response_times(session, [row[0].supplier_id for row in found])
    out = []
    for quote, name, name_en, tax, state, product, count in found:
        out.append(
            QuoteRow(
                quote,
                reader_name(name, name_en),
                tax,
                str(state),
                product,
                files.get(quote.id, []),
                response_times.get(quote.supplier_id),
                int(count or 0),
            )
        )
    return rfq, out


@dataclass
class AwardSummary:
    rfq: Rfq
    category: Category
    buyer: str
    supplier_name: str
    supplier_tax_code: str
    record_id: int | None
    quote_price_vnd: int  # beside the contract value: an official sees a gap at once


def get_award_summary(session: Session, user: User, rfq_id: int) -> AwardSummary:
    """The officials' read-only summary of an awarded request (category, buyer,
    supplier, value, dates; no questions, no other quotes). NotFound unless awarded."""
    perms.require_official(user)
    stmt = (
        select(Rfq, Category, User, Supplier, Quote.price_vnd)
        .join(Category, Category.code == Rfq.category_code)
        .join(User, User.id == Rfq.buyer_id)
        .join(Quote, and_(Quote.rfq_id == Rfq.id, Quote.state == QuoteState.WON))
        .join(Supplier, Supplier.id == Quote.supplier_id)
        .where(Rfq.id == rfq_id, Rfq.state == RfqState.AWARDED)
    )
    row = session.execute(stmt).tuples().first()
    if row is None:
        raise perms.not_found()
    rfq, category, buyer, supplier, price = row
    return AwardSummary(
        rfq,
        category,
        buyer.full_name or buyer.email,
        reader_name(supplier.name, supplier.name_en),
        supplier.tax_code,
        rfq.supply_record_id,
        price,
    )
