"""Follow-up questions: one small thread per request and invited supplier. The buyer
asks, that supplier's staff answer; nobody else reads it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import Conflict, InvalidInput
from marketplace.rfqs import notices
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.models import MESSAGE_MAX, Quote, Rfq, RfqInvitation, RfqMessage, RfqState


def thread_rfq(session: Session, user: User, rfq_id: int, supplier_id: int) -> Rfq:
    """The request, if `user` is its buyer or staff of `supplier_id`, and that supplier
    is invited to it; NotFound otherwise."""
    rfq = session.get(Rfq, rfq_id)
    invited = session.scalar(
        select(RfqInvitation.id).where(
            RfqInvitation.rfq_id == rfq_id, RfqInvitation.supplier_id == supplier_id
        )
    )
    if rfq is None or invited is None or rfq.state == RfqState.DRAFT:
        raise perms.not_found()
    if not (perms.is_buyer_of(user, rfq) or perms.supplier_of(user) == supplier_id):
        raise perms.not_found()
    return rfq


def post_message(session: Session, user: User, rfq_id: int, supplier_id: int, body: str) -> None:
    """Add a question (the buyer, to a supplier that quoted) or an answer (that
    supplier's staff); the other side is told. Conflict once the request is cancelled."""
    rfq = thread_rfq(session, user, rfq_id, supplier_id)
    body = body.strip()
    if not body or len(body) > MESSAGE_MAX:
        message = _("Write a message of at most %(n)d characters.", n=MESSAGE_MAX)
        raise InvalidInput(message, {"body": message})
    if rfq.state == RfqState.CANCELLED:
        raise Conflict(_("This request was cancelled: the conversation is closed."))
    from_buyer = perms.is_buyer_of(user, rfq)
    if from_buyer:
        quoted = session.scalar(
            select(Quote.id).where(Quote.rfq_id == rfq.id, Quote.supplier_id == supplier_id)
        )
        if quoted is None:
            raise Conflict(_("Questions go to suppliers that have quoted."))
    session.add(
        RfqMessage(
            rfq_id=rfq.id,
            supplier_id=supplier_id,
            author_id=user.id,
            from_buyer=from_buyer,
            body=body,
        )
    )
    if from_buyer:
        notices.question(session, rfq, supplier_id)
    else:
        notices.answer(session, rfq, supplier_id)
    session.commit()
