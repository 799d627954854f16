"""The two state machines of requests for quotation, written once: every change of
`Rfq.state` and `Quote.state` goes through `rfq_next` / `quote_next`."""

from __future__ import annotations

import enum

from flask_babel import gettext as _

from marketplace.errors import Conflict
from marketplace.rfqs.models import QuoteState as Q
from marketplace.rfqs.models import RfqState as R


class RfqAction(enum.StrEnum):
    PUBLISH = "publish"
    CLOSE = "close"  # the buyer ends it without an award, or the deadline passed
    AWARD = "award"
    CANCEL = "cancel"


class QuoteAction(enum.StrEnum):
    REVISE = "revise"
    WITHDRAW = "withdraw"
    WIN = "win"
    LOSE = "lose"


RFQ_TRANSITIONS: dict[tuple[R, RfqAction], R] = {
    (R.DRAFT, RfqAction.PUBLISH): R.OPEN,
    (R.DRAFT, RfqAction.CANCEL): R.CANCELLED,
    (R.OPEN, RfqAction.CLOSE): R.CLOSED,
    (R.OPEN, RfqAction.AWARD): R.AWARDED,
    (R.CLOSED, RfqAction.AWARD): R.AWARDED,
    (R.OPEN, RfqAction.CANCEL): R.CANCELLED,
    (R.CLOSED, RfqAction.CANCEL): R.CANCELLED,
}
QUOTE_TRANSITIONS: dict[tuple[Q, QuoteAction], Q] = {
    (Q.SUBMITTED, QuoteAction.REVISE): Q.REVISED,
    (Q.REVISED, QuoteAction.REVISE): Q.REVISED,
    (Q.SUBMITTED, QuoteAction.WITHDRAW): Q.WITHDRAWN,
    (Q.REVISED, QuoteAction.WITHDRAW): Q.WITHDRAWN,
    (Q.SUBMITTED, QuoteAction.WIN): Q.WON,
    (Q.REVISED, QuoteAction.WIN): Q.WON,
    (Q.SUBMITTED, QuoteAction.LOSE): Q.LOST,
    (Q.REVISED, QuoteAction.LOSE): Q.LOST,
}
# Quotes still in the running: they are compared, and lose when another wins.
LIVE_QUOTES = frozenset({Q.SUBMITTED, Q.REVISED})
# The audit event's action for each transition (past tense, as the audit log reads).
RFQ_AUDIT = {
    RfqAction.PUBLISH: "published",
    RfqAction.CLOSE: "closed",
    RfqAction.AWARD: "awarded",
    RfqAction.CANCEL: "cancelled",
}


class InvalidTransition(Conflict):
    """The action does not apply to the current state (HTTP 409)."""


def rfq_next(state: R, action: RfqAction) -> R:
    """The state `action` leads an RFQ to; InvalidTransition when none."""
    try:
        return RFQ_TRANSITIONS[(state, action)]
    except KeyError:
        raise InvalidTransition(
            _(
                "This request for quotation is %(state)s: you cannot %(action)s it.",
                state=rfq_state_words(state),
                action=rfq_action_words(action),
            )
        ) from None


def quote_next(state: Q, action: QuoteAction) -> Q:
    """The state `action` leads a quote to; InvalidTransition when none."""
    try:
        return QUOTE_TRANSITIONS[(state, action)]
    except KeyError:
        raise InvalidTransition(
            _(
                "This quote is %(state)s: you cannot %(action)s it.",
                state=quote_state_words(state),
                action=quote_action_words(action),
            )
        ) from None


def rfq_state_words(state: R) -> str:
    return {
        R.DRAFT: _("a draft"),
        R.OPEN: _("open"),
        R.CLOSED: _("closed"),
        R.AWARDED: _("awarded"),
        R.CANCELLED: _("cancelled"),
    }[state]


def rfq_action_words(action: RfqAction) -> str:
    return {
        RfqAction.PUBLISH: _("publish"),
        RfqAction.CLOSE: _("close"),
        RfqAction.AWARD: _("award"),
        RfqAction.CANCEL: _("cancel"),
    }[action]


def quote_state_words(state: Q) -> str:
    return {
        Q.SUBMITTED: _("submitted"),
        Q.REVISED: _("revised"),
        Q.WITHDRAWN: _("withdrawn"),
        Q.WON: _("won"),
        Q.LOST: _("not selected"),
    }[state]


def quote_action_words(action: QuoteAction) -> str:
    return {
        QuoteAction.REVISE: _("revise"),
        QuoteAction.WITHDRAW: _("withdraw"),
        QuoteAction.WIN: _("choose"),
        QuoteAction.LOSE: _("turn down"),
    }[action]
