"""The buyer's side of a request for quotation: drafting, publishing (which invites
the suppliers that fit), closing, cancelling and awarding. Each use case checks the
permissions, moves the state through machine.py, records the audit event, tells the
people concerned and commits once."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.categories.queries import get_category
from marketplace.errors import Conflict, InvalidInput
from marketplace.main.templating import format_vnd
from marketplace.products.models import Product
from marketplace.rfqs import invites, notices
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.clock import now
from marketplace.rfqs.inputs import AwardInput, RfqInput
from marketplace.rfqs.machine import (
    LIVE_QUOTES,
    RFQ_AUDIT,
    QuoteAction,
    RfqAction,
    quote_next,
    rfq_next,
)
from marketplace.rfqs.models import (
    DESCRIPTION_MAX,
    SPEC_KEY_MAX,
    SPEC_VALUE_MAX,
    SPECS_MAX,
    TITLE_MAX,
    Quote,
    Rfq,
    RfqInvitation,
    RfqSpec,
    RfqState,
)
from marketplace.share import services as share
from marketplace.share.fields import YEAR_MIN, year_max
from marketplace.share.models import SupplySource
from marketplace.suppliers import geography
from marketplace.suppliers.models import Supplier

ENTITY = "rfq"
# Deadlines are days in Hanoi (UTC+7, no daylight saving); times are stored in UTC.
HANOI = timedelta(hours=7)
MAX_VND = 10**15


class TooMany(Conflict):
    """A buyer published more requests than the limits allow (HTTP 429)."""

    status = 429


def deadline_at(day: Any) -> datetime:
    """The stored (UTC) end of `day` in Hanoi: quotes are taken until midnight there."""
    return datetime.combine(day, time()) + timedelta(days=1) - HANOI


def deadline_day(rfq: Rfq) -> Any:
    return (rfq.deadline + HANOI - timedelta(seconds=1)).date()


def get_rfq(session: Session, rfq_id: int, *, lock: bool = False) -> Rfq:
    stmt = select(Rfq).where(Rfq.id == rfq_id)
    rfq = session.scalar(stmt.with_for_update() if lock else stmt)
    if rfq is None:
        raise perms.not_found()
    return rfq


def get_draft(session: Session, buyer: User, rfq_id: int) -> Rfq:
    """The buyer's draft, to edit; NotFound for another's, Conflict once published."""
    rfq = get_rfq(session, rfq_id)
    perms.require_buyer_of(buyer, rfq)
    if rfq.state != RfqState.DRAFT:
        raise Conflict(_("Only a draft can be edited."))
    return rfq


def _clean(data: RfqInput) -> dict[str, Any]:
    """The request's values, or InvalidInput naming each bad field."""
    errors: dict[str, str] = {}
    text = {
        k: unicodedata.normalize("NFC", (getattr(data, k) or "").strip())
        for k in ("title", "description", "unit", "delivery_commune", "province", "category")
    }
    if not text["title"] or len(text["title"]) > TITLE_MAX:
        errors["title"] = _("Give a title of at most %(n)d characters.", n=TITLE_MAX)
    if len(text["description"]) > DESCRIPTION_MAX:
        errors["description"] = _("At most %(n)d characters.", n=DESCRIPTION_MAX)
    hanoi = geography.get_province("Hà Nội")
    commune = geography.match_commune(hanoi, text["delivery_commune"]) if hanoi else None
    if commune is None:
        errors["delivery_commune"] = _("Choose a commune or ward of Hà Nội.")
    province = None
    if text["province"]:
        found = geography.match_province(text["province"])
        if found is None:
            errors["province"] = _("There is no province of that name.")
        else:
            province = found.province.name
    if data.quantity is None or not 0 < data.quantity <= 10**9:
        errors["quantity"] = _("Give a quantity of at least 1.")
    if not text["unit"] or len(text["unit"]) > 30:
        errors["unit"] = _("Give a unit of at most %(n)d characters.", n=30)
    if data.budget_vnd is not None and not 0 < data.budget_vnd < MAX_VND:
        errors["budget_vnd"] = _("Give the budget as a whole number of VND above 0.")
    lc = data.min_local_content_pct
    if lc is not None and not 0 <= lc <= 100:
        errors["min_local_content_pct"] = _("A percentage between 0 and 100.")
    deadline = deadline_at(data.deadline) if data.deadline else None
    if deadline is None or deadline <= now():
        errors["deadline"] = _("Choose a day from today on.")
    specs = [
        (unicodedata.normalize("NFC", k.strip()), unicodedata.normalize("NFC", v.strip()))
        for k, v in data.specs
        if k.strip() or v.strip()
    ]
    if len(specs) > SPECS_MAX or any(
        not k or len(k) > SPEC_KEY_MAX or len(v) > SPEC_VALUE_MAX for k, v in specs
    ):
        errors["specs"] = _(
            "At most %(n)d specification rows, each with a name of at most %(k)d and a "
            "value of at most %(v)d characters.",
            n=SPECS_MAX,
            k=SPEC_KEY_MAX,
            v=SPEC_VALUE_MAX,
        )
    if errors:
        raise InvalidInput(_("The request was not saved: check the marked fields."), errors)
    return {
        "title": text["title"],
        "description": text["description"],
        "quantity": data.quantity,
        "unit": text["unit"],
        "delivery_commune": commune,
        "deadline": deadline,
        "budget_vnd": data.budget_vnd,
        "verified_only": bool(data.verified_only),
        "min_local_content_pct": lc,
        "province": province,
        "specs": specs,
    }


def _category(session: Session, code: str) -> str:
    category = get_category(session, (code or "").strip().upper())
    if category is None:
        raise InvalidInput(
            _("The request was not saved: check the marked fields."),
            {"category": _("Choose a category.")},
        )
    return category.code


def _apply(rfq: Rfq, values: dict[str, Any]) -> None:
    specs = values.pop("specs")
    for key, value in values.items():
        setattr(rfq, key, value)
    rfq.specs = [RfqSpec(key=k, value=v, position=i) for i, (k, v) in enumerate(specs)]


def create_draft(session: Session, buyer: User, data: RfqInput) -> int:
    """A new draft request of `buyer` (role BUYER, else Forbidden); InvalidInput per
    field. Nobody else sees a draft."""
    perms.require_buyer_role(buyer)
    code = _category(session, data.category)
    values = _clean(data)
    rfq = Rfq(buyer_id=buyer.id, category_code=code, state=RfqState.DRAFT)
    _apply(rfq, values)
    session.add(rfq)
    session.commit()
    return rfq.id


def update_draft(session: Session, buyer: User, rfq_id: int, data: RfqInput) -> None:
    """Change a draft (NotFound for another's, Conflict once published)."""
    rfq = get_rfq(session, rfq_id)
    perms.require_buyer_of(buyer, rfq)
    if rfq.state != RfqState.DRAFT:
        raise Conflict(_("Only a draft can be edited."))
    rfq.category_code = _category(session, data.category)
    _apply(rfq, _clean(data))
    session.commit()


def _published_since(session: Session, buyer: User, window: timedelta) -> int:
    stmt = select(func.count()).where(Rfq.buyer_id == buyer.id, Rfq.published_at > now() - window)
    return int(session.scalar(stmt) or 0)


def _check_publish_rate(session: Session, buyer: User) -> None:
    """Bounded per buyer, counted in the database (every web node sees the same)."""
    config = current_app.config
    hour = _published_since(session, buyer, timedelta(hours=1))
    if hour >= int(config["RFQ_PUBLISH_PER_HOUR"]):
        raise TooMany(
            _("You have published %(n)d requests in the last hour; please wait a while.", n=hour)
        )
    day = _published_since(session, buyer, timedelta(days=1))
    if day >= int(config["RFQ_PUBLISH_PER_DAY"]):
        raise TooMany(
            _("You have published %(n)d requests today; please continue tomorrow.", n=day)
        )


def publish(session: Session, buyer: User, rfq_id: int) -> list[int]:
    """Open a draft and invite the suppliers that fit (invites.match); returns their
    ids. The deadline must still be ahead; the buyer's publishing rate is bounded
    (TooMany)."""
    rfq = get_rfq(session, rfq_id, lock=True)
    perms.require_buyer_of(buyer, rfq)
    state = rfq_next(rfq.state, RfqAction.PUBLISH)
    if rfq.deadline <= now():
        raise InvalidInput(
            _("The deadline has passed: choose a later day before publishing."),
            {"deadline": _("Choose a day from today on.")},
        )
    _check_publish_rate(session, buyer)
    rfq.state, rfq.published_at = state, now()
    supplier_ids = invites.match(session, rfq)
    invites.add(session, rfq, supplier_ids, by_buyer=False)
    audit.record(
        session, buyer, ENTITY, rfq.id, RFQ_AUDIT[RfqAction.PUBLISH], after=_audit_view(rfq)
    )
    notices.invited(session, rfq, supplier_ids)
    session.commit()
    return supplier_ids


def _audit_view(rfq: Rfq) -> dict[str, Any]:
    return {
        "title": rfq.title,
        "category": rfq.category_code,
        "state": str(rfq.state),
        "deadline": rfq.deadline.isoformat(timespec="minutes"),
    }


def _end(session: Session, buyer: User | None, rfq: Rfq, action: RfqAction) -> None:
    before = str(rfq.state)
    rfq.state = rfq_next(rfq.state, action)
    rfq.ended_at = now()
    audit.record(
        session, buyer, ENTITY, rfq.id, RFQ_AUDIT[action], {"state": before}, _audit_view(rfq)
    )


def close(session: Session, buyer: User, rfq_id: int) -> None:
    """The buyer ends an open request without an award; quotes stay for comparison
    and an award may still follow."""
    rfq = get_rfq(session, rfq_id, lock=True)
    perms.require_buyer_of(buyer, rfq)
    _end(session, buyer, rfq, RfqAction.CLOSE)
    notices.closed(session, rfq, _quoted(session, rfq))
    session.commit()


def _quoted(session: Session, rfq: Rfq) -> list[int]:
    """The suppliers whose quote is still on file."""
    stmt = select(Quote.supplier_id).where(Quote.rfq_id == rfq.id, Quote.state.in_(LIVE_QUOTES))
    return list(session.scalars(stmt))


def close_expired(session: Session) -> int:
    """Close every open request whose deadline has passed (nobody's action: the
    clock; `flask rfqs close-expired` from cron). Returns how many. Until then such a
    request already takes no quote and shows as closed in the inbox."""
    stmt = select(Rfq).where(Rfq.state == RfqState.OPEN, Rfq.deadline <= now())
    expired = list(session.scalars(stmt.with_for_update()))
    for rfq in expired:
        _end(session, None, rfq, RfqAction.CLOSE)
        notices.deadline_passed(session, rfq, _quoted(session, rfq))
    session.commit()
    return len(expired)


def cancel(session: Session, buyer: User, rfq_id: int) -> bool:
    """Cancel a draft, open or closed request; live quotes are set aside unchosen and
    the invited suppliers are told. Returns whether anyone was told (a draft had
    invited nobody)."""
    rfq = get_rfq(session, rfq_id, lock=True)
    perms.require_buyer_of(buyer, rfq)
    was_draft = rfq.state == RfqState.DRAFT
    _end(session, buyer, rfq, RfqAction.CANCEL)
    if not was_draft:
        notices.cancelled(session, rfq, invites.invited_ids(session, rfq.id))
    session.commit()
    return not was_draft


def award(session: Session, buyer: User, rfq_id: int, data: AwardInput) -> int:
    """Choose one live quote of an open or closed request. In one transaction: that
    quote is won, the other live ones lost, the request awarded, and a supply record
    (source `marketplace`, id RFQ-<id>) enters the domestic-share figures. Returns
    the record's id. The winner and the others are told."""
    rfq = get_rfq(session, rfq_id, lock=True)
    perms.require_buyer_of(buyer, rfq)
    quotes = list(session.scalars(select(Quote).where(Quote.rfq_id == rfq.id).with_for_update()))
    winner = next((q for q in quotes if q.id == data.quote_id), None)
    if winner is None:
        raise perms.not_found()
    _check_award(data, winner)
    before = str(rfq.state)
    rfq.state = rfq_next(rfq.state, RfqAction.AWARD)
    winner.state = quote_next(winner.state, QuoteAction.WIN)
    losers = [q for q in quotes if q is not winner and q.state in LIVE_QUOTES]
    for quote in losers:
        quote.state = quote_next(quote.state, QuoteAction.LOSE)
    rfq.ended_at, rfq.contract_value_vnd = now(), data.contract_value_vnd
    rfq.delivery_year = data.delivery_year
    rfq.supply_record_id = share.add_award_record(
        session, buyer, _record_values(session, rfq, winner)
    )
    after = {**_audit_view(rfq), "quote": winner.id, "contract_value_vnd": rfq.contract_value_vnd}
    audit.record(
        session, buyer, ENTITY, rfq.id, RFQ_AUDIT[RfqAction.AWARD], {"state": before}, after
    )
    notices.awarded(session, rfq, winner.supplier_id, [q.supplier_id for q in losers])
    session.commit()
    return rfq.supply_record_id


def _check_award(data: AwardInput, winner: Quote) -> None:
    """The contract value enters the public domestic-share figures: it must stay
    near the chosen quote's price (from half to twice it), so a typo cannot wreck them."""
    errors = {}
    low, high = (winner.price_vnd + 1) // 2, winner.price_vnd * 2
    if not 0 < data.contract_value_vnd < MAX_VND or not low <= data.contract_value_vnd <= high:
        errors["contract_value_vnd"] = _(
            "The contract value must be from %(low)s to %(high)s (half to twice the "
            "chosen quote's price of %(price)s).",
            low=format_vnd(low),
            high=format_vnd(high),
            price=format_vnd(winner.price_vnd),
        )
    if not YEAR_MIN <= data.delivery_year <= year_max():
        errors["delivery_year"] = _("A year from %(lo)d to %(hi)d.", lo=YEAR_MIN, hi=year_max())
    if errors:
        raise InvalidInput(_("The award was not saved: check the marked fields."), errors)


def _record_values(session: Session, rfq: Rfq, quote: Quote) -> dict[str, Any]:
    tax = session.scalar(select(Supplier.tax_code).where(Supplier.id == quote.supplier_id))
    sku = None
    if quote.product_id is not None:
        sku = session.scalar(
            select(Product.sku).where(
                Product.id == quote.product_id, Product.supplier_id == quote.supplier_id
            )
        )
    buyer = session.get(User, rfq.buyer_id)
    return {
        "record_id": f"RFQ-{rfq.id}",
        "year": rfq.delivery_year,
        "category_code": rfq.category_code,
        "value_vnd": rfq.contract_value_vnd,
        "origin": quote.origin,
        "local_content_pct": quote.local_content_pct,
        "supplier_tax_code": tax,
        "sku": sku,
        "buyer": (buyer.full_name or buyer.email) if buyer else None,
        "source": SupplySource.MARKETPLACE,
    }


def mark_seen(session: Session, rfq_id: int, supplier_id: int) -> None:
    """The supplier's staff opened the invitation: it no longer counts as unread."""
    session.execute(
        update(RfqInvitation)
        .where(
            RfqInvitation.rfq_id == rfq_id,
            RfqInvitation.supplier_id == supplier_id,
            RfqInvitation.seen_at.is_(None),
        )
        .values(seen_at=now())
    )
    session.commit()
