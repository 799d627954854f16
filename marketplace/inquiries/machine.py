"""The one state machine of an inquiry: new (no reply from the supplier yet) →
answered → closed, and a closed thread reopened by its buyer."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.errors import Conflict
from marketplace.inquiries.models import Inquiry, InquiryState

# What can happen to a thread (plain strings: never shown, so no label table).
BUYER_MESSAGE = "buyer_message"
SUPPLIER_REPLY = "supplier_reply"
CLOSE = "close"
REOPEN = "reopen"

NEW, ANSWERED, CLOSED = InquiryState.NEW, InquiryState.ANSWERED, InquiryState.CLOSED

TRANSITIONS: dict[tuple[InquiryState, str], InquiryState] = {
    (NEW, BUYER_MESSAGE): NEW,
    (ANSWERED, BUYER_MESSAGE): ANSWERED,
    (NEW, SUPPLIER_REPLY): ANSWERED,
    (ANSWERED, SUPPLIER_REPLY): ANSWERED,
    (NEW, CLOSE): CLOSED,
    (ANSWERED, CLOSE): CLOSED,
    # Reopened, it goes back to where it was: answered once the staff have replied.
    (CLOSED, REOPEN): NEW,
}


def target(inquiry: Inquiry, action: str) -> InquiryState:
    """The state `action` leads to; Conflict when it is not allowed from here."""
    after = TRANSITIONS.get((inquiry.state, action))
    if after is None:
        if inquiry.state == CLOSED:
            raise Conflict(_("This inquiry is closed. The buyer can reopen it to continue."))
        raise Conflict(_("This inquiry is not closed."))
    if action == REOPEN and inquiry.first_reply_at is not None:
        return ANSWERED
    return after
