"""What people are told about requests for quotation, through notifications.deliver
(a notice now, an e-mail after the commit, each in the reader's language)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.notifications import messages
from marketplace.notifications.services import deliver
from marketplace.rfqs.clock import now
from marketplace.rfqs.models import Rfq, RfqInvitation, RfqState
from marketplace.suppliers.models import Supplier

INVITED = "rfq.invited"
QUOTE_RECEIVED = "rfq.quote_received"
QUESTION = "rfq.question"
ANSWER = "rfq.answer"
AWARDED = "rfq.awarded"
NOT_SELECTED = "rfq.not_selected"
CANCELLED = "rfq.cancelled"
QUOTE_WITHDRAWN = "rfq.quote_withdrawn"
CLOSED = "rfq.closed"
DEADLINE_PASSED = "rfq.deadline_passed"  # to the buyer
QUOTES_CLOSED = "rfq.quotes_closed"  # to the suppliers that quoted


def register_kinds() -> None:
    # Invitations come in bursts (every matching request): their e-mails are batched,
    # at most one an hour per person.
    messages.register(
        INVITED,
        lambda p: _(
            "You are invited to quote: “%(title)s”. Quotes are taken until %(deadline)s.",
            title=p["title"],
            deadline=p["deadline"],
        ),
        group="rfqs",
        digest=True,
        still_relevant=invitation_current,
    )
    messages.register(
        QUOTE_RECEIVED,
        lambda p: (
            _("%(supplier)s revised its quote for “%(title)s”.", **p)
            if p.get("revised")
            else _("%(supplier)s sent a quote for “%(title)s”.", **p)
        ),
        group="rfqs",
    )
    messages.register(
        QUESTION,
        lambda p: _("The buyer asks you a question about “%(title)s”.", title=p["title"]),
        group="rfqs",
    )
    messages.register(
        ANSWER,
        lambda p: _(
            "%(supplier)s answered your question about “%(title)s”.",
            supplier=p["supplier"],
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        AWARDED,
        lambda p: _(
            "Congratulations: the buyer chose your quote for “%(title)s”. The buyer will "
            "contact you about the contract.",
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        NOT_SELECTED,
        lambda p: _(
            "Thank you for your quote for “%(title)s”. The buyer has chosen another offer "
            "this time; we hope to see your quotes on other requests.",
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        CANCELLED,
        lambda p: _(
            "The buyer cancelled the request “%(title)s”. No quote is needed any more.",
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        QUOTE_WITHDRAWN,
        lambda p: _(
            "%(supplier)s withdrew its quote for “%(title)s”.",
            supplier=p["supplier"],
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        CLOSED,
        lambda p: _(
            "The buyer closed the request “%(title)s” without choosing a quote yet. Your "
            "quote stays on file in case the buyer still awards it.",
            title=p["title"],
        ),
        group="rfqs",
    )
    messages.register(
        DEADLINE_PASSED,
        lambda p: _(
            "The deadline of your request “%(title)s” has passed; quotes received: "
            "%(quotes)s. Compare them and choose one, or cancel the request.",
            title=p["title"],
            quotes=p["quotes"],
        ),
        group="rfqs",
    )
    messages.register(
        QUOTES_CLOSED,
        lambda p: _(
            "The deadline of “%(title)s” has passed: the buyer is now comparing the quotes. "
            "You will be told which one is chosen.",
            title=p["title"],
        ),
        group="rfqs",
    )


def _link(rfq_id: int) -> str:
    if has_request_context():
        return url_for("rfqs.detail", rfq_id=rfq_id)
    with current_app.test_request_context():
        return url_for("rfqs.detail", rfq_id=rfq_id)


def _staff(session: Session, supplier_ids: Iterable[int]) -> list[User]:
    ids = list(supplier_ids)
    if not ids:
        return []
    stmt = select(User).where(
        User.supplier_id.in_(ids), User.role == Role.SUPPLIER_STAFF, User.active.is_(True)
    )
    return list(session.scalars(stmt.order_by(User.id)))


def _params(rfq: Rfq, **more: Any) -> dict[str, Any]:
    from marketplace.rfqs.services import deadline_day

    return {"title": rfq.title, "deadline": deadline_day(rfq).strftime("%d/%m/%Y"), **more}


def invited(session: Session, rfq: Rfq, supplier_ids: list[int]) -> None:
    params = _params(rfq, rfq_id=rfq.id)  # the id: see invitation_current
    deliver(session, _staff(session, supplier_ids), INVITED, params, _link(rfq.id))


def invitation_current(session: Session, user_id: int, params: Mapping[str, Any]) -> bool:
    """Whether a pending "invited" digest item is still worth mailing: the user's
    supplier is still invited and the request still takes quotes (otherwise the
    e-mail's link leads to a 404)."""
    rfq_id = params.get("rfq_id")
    if rfq_id is None:  # queued before the id was stored: cannot tell, so send it
        return True
    stmt = (
        select(RfqInvitation.id)
        .join(Rfq, Rfq.id == RfqInvitation.rfq_id)
        .join(User, User.supplier_id == RfqInvitation.supplier_id)
        .where(
            RfqInvitation.rfq_id == int(rfq_id),
            User.id == user_id,
            Rfq.state == RfqState.OPEN,
            Rfq.deadline > now(),
        )
        .limit(1)
    )
    return session.scalar(stmt) is not None


def cancelled(session: Session, rfq: Rfq, supplier_ids: list[int]) -> None:
    deliver(session, _staff(session, supplier_ids), CANCELLED, _params(rfq), _link(rfq.id))


def awarded(session: Session, rfq: Rfq, winner: int, losers: list[int]) -> None:
    deliver(session, _staff(session, [winner]), AWARDED, _params(rfq), _link(rfq.id))
    deliver(session, _staff(session, losers), NOT_SELECTED, _params(rfq), _link(rfq.id))


def _buyer(session: Session, rfq: Rfq) -> list[User]:
    buyer = session.get(User, rfq.buyer_id)
    return [buyer] if buyer is not None else []


def _supplier_name(session: Session, supplier_id: int) -> str:
    return session.scalar(select(Supplier.name).where(Supplier.id == supplier_id)) or ""


def quote_received(session: Session, rfq: Rfq, supplier_id: int, revised: bool) -> None:
    params = _params(rfq, supplier=_supplier_name(session, supplier_id), revised=revised)
    deliver(session, _buyer(session, rfq), QUOTE_RECEIVED, params, _link(rfq.id))


def question(session: Session, rfq: Rfq, supplier_id: int) -> None:
    deliver(
        session, _staff(session, [supplier_id]), QUESTION, _params(rfq), _thread(rfq, supplier_id)
    )


def answer(session: Session, rfq: Rfq, supplier_id: int) -> None:
    params = _params(rfq, supplier=_supplier_name(session, supplier_id))
    deliver(session, _buyer(session, rfq), ANSWER, params, _thread(rfq, supplier_id))


def _thread(rfq: Rfq, supplier_id: int) -> str:
    if has_request_context():
        return url_for("rfqs.thread", rfq_id=rfq.id, supplier_id=supplier_id)
    with current_app.test_request_context():
        return url_for("rfqs.thread", rfq_id=rfq.id, supplier_id=supplier_id)


def quote_withdrawn(session: Session, rfq: Rfq, supplier_id: int) -> None:
    params = _params(rfq, supplier=_supplier_name(session, supplier_id))
    deliver(session, _buyer(session, rfq), QUOTE_WITHDRAWN, params, _link(rfq.id))


def closed(session: Session, rfq: Rfq, supplier_ids: list[int]) -> None:
    deliver(session, _staff(session, supplier_ids), CLOSED, _params(rfq), _link(rfq.id))


def deadline_passed(session: Session, rfq: Rfq, supplier_ids: list[int]) -> None:
    """The clock closed the request: the buyer is asked to choose, the suppliers
    that quoted learn that the choosing has begun."""
    params = _params(rfq, quotes=len(supplier_ids))
    deliver(session, _buyer(session, rfq), DEADLINE_PASSED, params, _link(rfq.id))
    deliver(session, _staff(session, supplier_ids), QUOTES_CLOSED, _params(rfq), _link(rfq.id))
