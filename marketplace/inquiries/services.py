"""The use cases of inquiries: send one, reply, close, reopen, open the thread and
fetch a file. Each takes the session first, checks who may act, commits once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.attachments import files
from marketplace.attachments.models import Attachment
from marketplace.audit.services import record
from marketplace.db import utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.inquiries import machine, notices, queries
from marketplace.inquiries.models import (
    BODY_MAX,
    SUBJECT_MAX,
    UNIT_MAX,
    Inquiry,
    InquiryMessage,
    InquiryState,
)
from marketplace.inquiries.permissions import (
    BUYER,
    SUPPLIER,
    Side,
    require_party,
    require_send_inquiry,
)
from marketplace.products.models import Product
from marketplace.suppliers import geography
from marketplace.suppliers.models import Supplier
from marketplace.suppliers.queries import PUBLIC_STATES
from marketplace.suppliers.services import get_supplier_by_tax_code

DELIVERY_PROVINCE = "Hà Nội"
_NUMBER = re.compile(r"\d{1,12}([.,]\d{1,3})?")


@dataclass(frozen=True)
class InquiryDraft:
    """What the buyer typed (as text: the service reads and checks it)."""

    subject: str
    body: str
    quantity: str = ""
    unit: str = ""
    required_by: date | None = None
    delivery_commune: str = ""


@dataclass(frozen=True)
class Addressee:
    supplier: Supplier
    product: Product | None


def find_addressee(
    session: Session, user: User | None, tax_code: str, sku: str | None = None
) -> Addressee:
    """The supplier (and product) a buyer may write to. Forbidden for anyone but a
    buyer (with the reason); NotFound for a supplier the public cannot see, or a
    product it does not list."""
    require_send_inquiry(user)
    supplier = get_supplier_by_tax_code(session, tax_code)
    if supplier is None or supplier.state not in PUBLIC_STATES:
        raise NotFound(_("There is no such supplier."))
    product = None
    if sku:
        product = session.scalar(
            select(Product).where(
                Product.supplier_id == supplier.id,
                func.lower(Product.sku) == sku.strip().lower(),
                Product.active.is_(True),
            )
        )
        if product is None:
            raise NotFound(_("This supplier lists no such product."))
    return Addressee(supplier, product)


def send_inquiry(
    session: Session,
    user: User | None,
    tax_code: str,
    sku: str | None,
    draft: InquiryDraft,
    uploads: Sequence[files.Upload] = (),
    today: date | None = None,
) -> Inquiry:
    """A buyer's new inquiry to a publicly listed supplier (optionally about one of
    its listed products), with its first message and files. Tells every staff
    account of the supplier. InvalidInput naming each field at fault (quantity not a
    positive number, a date in the past, a commune outside Hà Nội, a bad file)."""
    to = find_addressee(session, user, tax_code, sku)
    if user is None:  # guaranteed by the checks above
        raise LookupError("user missing")
    values = _check_draft(draft, today or date.today())
    now = utcnow()
    inquiry = Inquiry(
        buyer_id=user.id,
        supplier_id=to.supplier.id,
        product_id=to.product.id if to.product else None,
        state=InquiryState.NEW,
        created_at=now,
        last_message_at=now,
        buyer_seen_at=now,
        **values,
    )
    message = InquiryMessage(
        inquiry=inquiry, author_id=user.id, from_supplier=False, body=_body(draft.body)
    )
    message.created_at = now
    message.attachments = files.store(session, user, uploads)
    session.add_all([inquiry, message])
    session.flush()
    record(
        session,
        user,
        "inquiry",
        inquiry.id,
        "created",
        after={"supplier_id": to.supplier.id, "product_id": inquiry.product_id, "state": "new"},
        supplier_id=to.supplier.id,
    )
    notices.tell_received(session, inquiry, user, to.supplier.name)
    session.commit()
    return inquiry


def reply(
    session: Session,
    user: User | None,
    inquiry_id: int,
    body: str,
    uploads: Sequence[files.Upload] = (),
) -> InquiryMessage:
    """Add a message of either party to an open thread and tell the other side. The
    staff's first reply makes the inquiry answered (and stops its response clock).
    NotFound for anyone else; Conflict on a closed thread."""
    inquiry = session.get(Inquiry, inquiry_id)
    side = require_party(user, inquiry)
    if user is None or inquiry is None:  # guaranteed by the checks above
        raise LookupError("user, inquiry missing")
    action = machine.SUPPLIER_REPLY if side == SUPPLIER else machine.BUYER_MESSAGE
    inquiry.state = machine.target(inquiry, action)
    text = _body(body)
    now = utcnow()
    if side == SUPPLIER and inquiry.first_reply_at is None:
        inquiry.first_reply_at = now
    inquiry.last_message_at = now
    _mark_seen(inquiry, side, now)
    message = InquiryMessage(
        inquiry_id=inquiry.id, author_id=user.id, from_supplier=side == SUPPLIER, body=text
    )
    message.created_at = now
    message.attachments = files.store(session, user, uploads)
    session.add(message)
    buyer = session.get(User, inquiry.buyer_id)
    supplier = session.get(Supplier, inquiry.supplier_id)
    if buyer is None or supplier is None:  # guaranteed by the checks above
        raise LookupError("buyer, supplier missing")
    notices.tell_message(session, inquiry, buyer, supplier.name, from_supplier=side == SUPPLIER)
    session.commit()
    return message


def close(session: Session, user: User | None, inquiry_id: int) -> Inquiry:
    """Either party closes the thread (no more messages until the buyer reopens it).
    NotFound for anyone else; Conflict when it is already closed."""
    inquiry = session.get(Inquiry, inquiry_id)
    side = require_party(user, inquiry)
    if inquiry is None:  # guaranteed by the checks above
        raise LookupError("inquiry missing")
    before = inquiry.state
    inquiry.state = machine.target(inquiry, machine.CLOSE)
    inquiry.closed_at = utcnow()
    _audit(session, user, inquiry, "closed", before, side)
    session.commit()
    return inquiry


def reopen(session: Session, user: User | None, inquiry_id: int) -> Inquiry:
    """The buyer reopens a closed thread: it is answered again if the staff had
    replied, new otherwise. NotFound for non-parties; Forbidden for the supplier's
    staff; Conflict when it is not closed."""
    inquiry = session.get(Inquiry, inquiry_id)
    side = require_party(user, inquiry)
    if inquiry is None:  # guaranteed by the checks above
        raise LookupError("inquiry missing")
    if side != BUYER:
        raise Forbidden(_("Only the buyer who sent the inquiry can reopen it."))
    before = inquiry.state
    inquiry.state = machine.target(inquiry, machine.REOPEN)
    inquiry.closed_at = None
    _audit(session, user, inquiry, "reopened", before, side)
    session.commit()
    return inquiry


def open_thread(session: Session, user: User | None, inquiry_id: int) -> queries.Thread:
    """The thread for one of its parties, its messages marked read for that side.
    NotFound for everyone else (officials too: they never read message bodies)."""
    inquiry = queries.get_inquiry(session, inquiry_id)
    side = require_party(user, inquiry)
    if inquiry is None:  # guaranteed by the checks above
        raise LookupError("inquiry missing")
    thread = queries.get_thread(session, inquiry, side)
    if inquiry.unread_by(side):
        _mark_seen(inquiry, side, utcnow())
        session.commit()
    return thread


def get_attachment(
    session: Session, user: User | None, inquiry_id: int, attachment_id: int
) -> Attachment:
    """A file of a message of the thread, for its parties only; NotFound otherwise
    (also for a file that belongs to another thread)."""
    require_party(user, session.get(Inquiry, inquiry_id))
    attachment = queries.get_thread_attachment(session, inquiry_id, attachment_id)
    if attachment is None:
        raise NotFound(_("There is no such file in this inquiry."))
    return attachment


# --- rules ------------------------------------------------------------------------


def _mark_seen(inquiry: Inquiry, side: Side, now: datetime) -> None:
    if side == BUYER:
        inquiry.buyer_seen_at = now
    else:
        inquiry.supplier_seen_at = now


def _audit(
    session: Session,
    user: User | None,
    inquiry: Inquiry,
    action: str,
    before: InquiryState,
    side: Side,
) -> None:
    # Ids and states only: officials read the audit trail, never the messages.
    record(
        session,
        user,
        "inquiry",
        inquiry.id,
        action,
        before={"state": before.value},
        after={"supplier_id": inquiry.supplier_id, "state": inquiry.state.value, "by": side},
        supplier_id=inquiry.supplier_id,
    )


def _body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        message = _("Write a message.")
        raise InvalidInput(message, {"body": message})
    if len(body) > BODY_MAX:
        message = _("A message has at most %(n)d characters.", n=BODY_MAX)
        raise InvalidInput(message, {"body": message})
    return body


def _check_draft(draft: InquiryDraft, today: date) -> dict[str, object]:
    """The inquiry's columns from the draft; InvalidInput naming every field at fault."""
    errors: dict[str, str] = {}
    subject = " ".join((draft.subject or "").split())
    if not subject:
        errors["subject"] = _("Give the inquiry a subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("A subject has at most %(n)d characters.", n=SUBJECT_MAX)
    try:
        _body(draft.body)
    except InvalidInput as exc:
        errors.update(exc.errors)
    quantity = _quantity(draft.quantity, errors)
    unit = " ".join((draft.unit or "").split()) or None
    if unit and len(unit) > UNIT_MAX:
        errors["unit"] = _("A unit has at most %(n)d characters.", n=UNIT_MAX)
    elif quantity is not None and not unit:
        errors["unit"] = _("Say what the quantity counts: sets, units, tonnes, m³/day…")
    if draft.required_by is not None and draft.required_by < today:
        errors["required_by"] = _("The date is in the past.")
    commune = _commune(draft.delivery_commune, errors)
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), errors)
    return {
        "subject": subject,
        "quantity": quantity,
        "unit": unit,
        "required_by": draft.required_by,
        "delivery_commune": commune,
    }


def _quantity(text: str, errors: dict[str, str]) -> Decimal | None:
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        return None
    value = None
    if _NUMBER.fullmatch(raw):
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            value = None
    if value is None or value <= 0:
        errors["quantity"] = _("Enter a positive number, such as 2 or 2,5 (at most 3 decimals).")
        return None
    return value


def _commune(text: str, errors: dict[str, str]) -> str | None:
    name = (text or "").strip()
    if not name:
        return None
    hanoi = geography.get_province(DELIVERY_PROVINCE)
    found = geography.match_commune(hanoi, name) if hanoi else None
    if found is None:
        errors["delivery_commune"] = _(
            "%(name)s is not a commune or ward of Hà Nội. Choose one from the list.", name=name
        )
    return found
