"""What the parties of an inquiry are told: the supplier's staff when an inquiry
arrives, the other side when a message is added. Worded when shown or mailed, in
the reader's language; the link opens the thread."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.inquiries.models import Inquiry
from marketplace.notifications import messages
from marketplace.notifications.services import deliver
from marketplace.verification.notices import list_staff

RECEIVED = "inquiry.received"
MESSAGE = "inquiry.message"


def _received(p: Mapping[str, Any]) -> str:
    return _(
        "%(buyer)s sent %(supplier)s an inquiry: “%(subject)s”.\n"
        "Open it to read the message and reply; the buyer is waiting for your answer.",
        buyer=p["buyer"],
        supplier=p["supplier"],
        subject=p["subject"],
    )


def _message(p: Mapping[str, Any]) -> str:
    if p["from_supplier"]:
        return _(
            "%(supplier)s replied to your inquiry “%(subject)s”.\nOpen the inquiry to read "
            "the reply and answer it.",
            supplier=p["supplier"],
            subject=p["subject"],
        )
    return _(
        "%(buyer)s wrote again about the inquiry “%(subject)s”.\nOpen the inquiry to read "
        "the message and reply.",
        buyer=p["buyer"],
        subject=p["subject"],
    )


def register_kinds() -> None:
    messages.register(RECEIVED, _received, group="inquiries")
    messages.register(MESSAGE, _message, group="inquiries")


def thread_link(inquiry_id: int) -> str:
    """The thread's path, also outside a request (command line, tests)."""
    if has_request_context():
        return url_for("inquiries.thread", inquiry_id=inquiry_id)
    with current_app.test_request_context():
        return url_for("inquiries.thread", inquiry_id=inquiry_id)


def person(user: User) -> str:
    return user.full_name or user.email


def _params(inquiry: Inquiry, buyer: User, supplier_name: str) -> dict[str, Any]:
    return {"buyer": person(buyer), "supplier": supplier_name, "subject": inquiry.subject}


def tell_received(session: Session, inquiry: Inquiry, buyer: User, supplier_name: str) -> None:
    """Every active staff account of the supplier: a new inquiry arrived."""
    staff = list_staff(session, [inquiry.supplier_id])
    deliver(
        session, staff, RECEIVED, _params(inquiry, buyer, supplier_name), thread_link(inquiry.id)
    )


def tell_message(
    session: Session, inquiry: Inquiry, buyer: User, supplier_name: str, from_supplier: bool
) -> None:
    """The other side of the thread: the buyer, or every staff account of the supplier."""
    readers = [buyer] if from_supplier else list_staff(session, [inquiry.supplier_id])
    params = {**_params(inquiry, buyer, supplier_name), "from_supplier": from_supplier}
    deliver(session, readers, MESSAGE, params, thread_link(inquiry.id))
