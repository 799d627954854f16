"""Every transition of both state machines: the allowed ones and every refused one."""

from __future__ import annotations

import itertools

import pytest

from marketplace.rfqs.machine import (
    QUOTE_TRANSITIONS,
    RFQ_TRANSITIONS,
    InvalidTransition,
    QuoteAction,
    RfqAction,
    quote_next,
    rfq_next,
)
from marketplace.rfqs.models import QuoteState as Q
from marketplace.rfqs.models import RfqState as R

pytestmark = pytest.mark.engine_independent

RFQ_ALLOWED = {
    (R.DRAFT, RfqAction.PUBLISH): R.OPEN,
    (R.DRAFT, RfqAction.CANCEL): R.CANCELLED,
    (R.OPEN, RfqAction.CLOSE): R.CLOSED,
    (R.OPEN, RfqAction.AWARD): R.AWARDED,
    (R.CLOSED, RfqAction.AWARD): R.AWARDED,
    (R.OPEN, RfqAction.CANCEL): R.CANCELLED,
    (R.CLOSED, RfqAction.CANCEL): R.CANCELLED,
}
QUOTE_ALLOWED = {
    (s, a): t
    for s in (Q.SUBMITTED, Q.REVISED)
    for a, t in (
        (QuoteAction.REVISE, Q.REVISED),
        (QuoteAction.WITHDRAW, Q.WITHDRAWN),
        (QuoteAction.WIN, Q.WON),
        (QuoteAction.LOSE, Q.LOST),
    )
}


def test_the_tables_are_the_ones_the_issue_describes():
    assert RFQ_TRANSITIONS == RFQ_ALLOWED
    assert QUOTE_TRANSITIONS == QUOTE_ALLOWED


@pytest.mark.parametrize("state,action", list(itertools.product(R, RfqAction)))
def test_rfq_transition(app, state, action):
    with app.test_request_context("/?lang=en"):
        if (state, action) in RFQ_ALLOWED:
            assert rfq_next(state, action) == RFQ_ALLOWED[(state, action)]
        else:
            with pytest.raises(InvalidTransition) as refused:
                rfq_next(state, action)
            assert refused.value.status == 409
            assert "you cannot" in refused.value.message


@pytest.mark.parametrize("state,action", list(itertools.product(Q, QuoteAction)))
def test_quote_transition(app, state, action):
    with app.test_request_context("/?lang=vi"):
        if (state, action) in QUOTE_ALLOWED:
            assert quote_next(state, action) == QUOTE_ALLOWED[(state, action)]
        else:
            with pytest.raises(InvalidTransition) as refused:
                quote_next(state, action)
            assert refused.value.status == 409
