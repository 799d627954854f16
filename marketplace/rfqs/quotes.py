"""The supplier's side: quoting on an invitation, revising (every version kept) and
withdrawing, only while the request is open and before its deadline; the buyer's
and the quoting supplier's access to a quote and its files."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.attachments import files
from marketplace.attachments.models import Attachment
from marketplace.audit import services as audit
from marketplace.categories.models import Category
from marketplace.errors import Conflict, InvalidInput
from marketplace.products.models import Product
from marketplace.rfqs import notices
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.clock import now
from marketplace.rfqs.inputs import QuoteInput
from marketplace.rfqs.machine import QuoteAction, quote_next
from marketplace.rfqs.models import (
    NOTES_MAX,
    Quote,
    QuoteAttachment,
    QuoteRevision,
    QuoteState,
    Rfq,
    RfqInvitation,
    RfqState,
)
from marketplace.rfqs.pages import is_country

ENTITY = "quote"
MAX_VND = 10**15


def invited_rfq(session: Session, user: User, rfq_id: int, *, lock: bool = False) -> Rfq:
    """The request, if `user` is staff of a supplier invited to it; NotFound else."""
    supplier_id = perms.supplier_of(user)
    stmt = (
        select(Rfq)
        .join(RfqInvitation, RfqInvitation.rfq_id == Rfq.id)
        .where(Rfq.id == rfq_id, RfqInvitation.supplier_id == supplier_id)
    )
    rfq = session.scalar(stmt.with_for_update(of=Rfq) if lock else stmt)
    if supplier_id is None or rfq is None or rfq.state == RfqState.DRAFT:
        raise perms.not_found()
    return rfq


def _require_taking_quotes(rfq: Rfq) -> None:
    if rfq.state != RfqState.OPEN:
        raise Conflict(_("This request is no longer taking quotes."))
    if rfq.deadline <= now():
        raise Conflict(_("The deadline of this request has passed: quotes cannot change."))


def _clean(session: Session, rfq: Rfq, supplier_id: int, data: QuoteInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not 0 < data.price_vnd < MAX_VND:
        errors["price_vnd"] = _("Give the price as a whole number of VND above 0.")
    if not 0 <= data.lead_time_days <= 3650:
        errors["lead_time_days"] = _("Between 0 and 3650 days.")
    if not 0 <= data.warranty_months <= 600:
        errors["warranty_months"] = _("Between 0 and 600 months.")
    lc = data.local_content_pct
    if not 0 <= lc <= 100:
        errors["local_content_pct"] = _("A percentage between 0 and 100.")
    elif rfq.min_local_content_pct is not None and lc < rfq.min_local_content_pct:
        errors["local_content_pct"] = _(
            "The buyer asks for at least %(n)s%% local content.", n=rfq.min_local_content_pct
        )
    origin = (data.origin or "").strip().upper()
    if not is_country(origin):
        errors["origin"] = _("Choose the country of manufacture.")
    if len(data.notes or "") > NOTES_MAX:
        errors["notes"] = _("At most %(n)d characters.", n=NOTES_MAX)
    if data.product_id is not None:
        mine = session.scalar(
            select(Product.id)
            .join(Category, Category.code == Product.category_code)
            .where(
                Product.id == data.product_id,
                Product.supplier_id == supplier_id,
                or_(Category.code == rfq.category_code, Category.parent_code == rfq.category_code),
            )
        )
        if mine is None:
            errors["product_id"] = _("Choose one of your own products of this category.")
    if errors:
        raise InvalidInput(_("The quote was not sent: check the marked fields."), errors)
    return {
        "price_vnd": data.price_vnd,
        "lead_time_days": data.lead_time_days,
        "local_content_pct": lc,
        "origin": origin,
        "warranty_months": data.warranty_months,
        "product_id": data.product_id,
        "notes": (data.notes or "").strip(),
    }


def _audit_view(quote: Quote, supplier_id: int) -> dict[str, Any]:
    # Officials read the audit trail and see only aggregates and awarded records: a
    # quote's event keeps ids and state, never its price, notes or lead time.
    # supplier_id puts the event in that supplier's own history.
    return {"supplier_id": supplier_id, "revision": quote.revision, "state": str(quote.state)}


def submit_quote(session: Session, user: User, rfq_id: int, data: QuoteInput) -> Quote:
    """Quote on an invitation, or revise the quote already sent (a new revision; the
    earlier ones are kept). Only the invited supplier's staff (else NotFound), while
    the request is open and before its deadline (Conflict). The buyer is told."""
    try:
        quote = _submit(session, user, rfq_id, data)
    except Exception:
        # Nothing half-written survives (a refused file must not leave the quote,
        # its revision or its notice behind for a later commit to keep).
        session.rollback()
        raise
    session.commit()
    return quote


def _submit(session: Session, user: User, rfq_id: int, data: QuoteInput) -> Quote:
    rfq = invited_rfq(session, user, rfq_id, lock=True)
    supplier_id = perms.supplier_of(user)
    if supplier_id is None:  # guaranteed by the checks above
        raise LookupError("supplier_id missing")
    _require_taking_quotes(rfq)
    values = _clean(session, rfq, supplier_id, data)
    # Files are checked (and refused) before the quote changes at all.
    stored = files.store(session, user, data.uploads)
    quote = session.scalar(
        select(Quote)
        .where(Quote.rfq_id == rfq.id, Quote.supplier_id == supplier_id)
        .with_for_update()
    )
    if quote is None:
        quote = Quote(rfq_id=rfq.id, supplier_id=supplier_id, state=QuoteState.SUBMITTED)
        quote.revision, action, before = 1, "submitted", None
        session.add(quote)
    else:
        before = _audit_view(quote, supplier_id)
        quote.state = quote_next(quote.state, QuoteAction.REVISE)
        quote.revision, action = quote.revision + 1, "revised"
    for key, value in values.items():
        setattr(quote, key, value)
    quote.submitted_by_id, quote.updated_at = user.id, now()
    session.flush()
    session.add(
        QuoteRevision(quote_id=quote.id, number=quote.revision, created_by_id=user.id, **values)
    )
    session.flush()
    for attachment in stored:
        session.add(QuoteAttachment(quote_id=quote.id, attachment_id=attachment.id))
    audit.record(
        session,
        user,
        ENTITY,
        quote.id,
        action,
        before=before,
        after=_audit_view(quote, supplier_id),
    )
    notices.quote_received(session, rfq, supplier_id, revised=action == "revised")
    return quote


def withdraw_quote(session: Session, user: User, rfq_id: int) -> None:
    """Take the supplier's quote back, before the deadline of an open request."""
    rfq = invited_rfq(session, user, rfq_id, lock=True)
    supplier_id = perms.supplier_of(user)
    _require_taking_quotes(rfq)
    quote = session.scalar(
        select(Quote).where(Quote.rfq_id == rfq.id, Quote.supplier_id == supplier_id)
    )
    if quote is None:
        raise Conflict(_("You have not quoted on this request."))
    quote.state = quote_next(quote.state, QuoteAction.WITHDRAW)
    quote.updated_at = now()
    audit.record(session, user, ENTITY, quote.id, "withdrawn", after={"supplier_id": supplier_id})
    notices.quote_withdrawn(session, rfq, quote.supplier_id)
    session.commit()


def readable_quote(session: Session, user: User, rfq_id: int, quote_id: int) -> Quote:
    """A quote for its request's buyer or its own supplier's staff; NotFound for
    everyone else (another supplier never learns it exists)."""
    quote = session.scalar(select(Quote).where(Quote.id == quote_id, Quote.rfq_id == rfq_id))
    if quote is None:
        raise perms.not_found()
    rfq = session.get(Rfq, rfq_id)
    if rfq is None:  # guaranteed by the checks above
        raise LookupError("rfq missing")
    if not (perms.is_buyer_of(user, rfq) or perms.supplier_of(user) == quote.supplier_id):
        raise perms.not_found()
    return quote


def awardable_quote(session: Session, user: User, rfq_id: int, quote_id: int) -> Quote:
    """A quote of the buyer's own request (the award page); NotFound for anyone else."""
    quote = readable_quote(session, user, rfq_id, quote_id)
    rfq = session.get(Rfq, rfq_id)
    if rfq is None or not perms.is_buyer_of(user, rfq):
        raise perms.not_found()
    return quote


def readable_attachment(
    session: Session, user: User, rfq_id: int, quote_id: int, attachment_id: int
) -> Attachment:
    """A file of a quote, for the same readers as the quote."""
    quote = readable_quote(session, user, rfq_id, quote_id)
    found = session.scalar(
        select(Attachment)
        .join(QuoteAttachment, QuoteAttachment.attachment_id == Attachment.id)
        .where(QuoteAttachment.quote_id == quote.id, Attachment.id == attachment_id)
    )
    if found is None:
        raise perms.not_found()
    return found
