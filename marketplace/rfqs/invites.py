"""Which suppliers a request for quotation goes to: those whose listed products fit
(same category or one of its subcategories, best text matches of the title first
through the search layer, the category alone when the words match nothing), kept
only when they satisfy the buyer's answer rules, at most RFQ_MAX_INVITES."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.categories.models import Category
from marketplace.errors import Conflict, NotFound
from marketplace.products.models import Product
from marketplace.products.queries import PUBLIC_STATES
from marketplace.rfqs import notices
from marketplace.rfqs import permissions as perms
from marketplace.rfqs.models import Quote, Rfq, RfqInvitation, RfqState
from marketplace.search_sync import get_backend
from marketplace.suppliers.models import Supplier, VerificationState
from search.base import IndexUnavailable, Query

log = logging.getLogger(__name__)
SEARCH_PAGES = 4  # of 50 hits each: enough to fill the invitations after filtering
MATCH_WORDS = 12


def max_invites() -> int:
    return int(current_app.config["RFQ_MAX_INVITES"])


def _fitting_products(rfq: Rfq) -> Select[Any]:
    """(product id, supplier id) of active products that satisfy the answer rules."""
    states = (VerificationState.VERIFIED,) if rfq.verified_only else PUBLIC_STATES
    stmt = (
        select(Product.id, Product.supplier_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .join(Category, Category.code == Product.category_code)
        .where(
            Product.active.is_(True),
            Supplier.state.in_(states),
            or_(Category.code == rfq.category_code, Category.parent_code == rfq.category_code),
        )
    )
    if rfq.province:
        stmt = stmt.where(Supplier.province == rfq.province)
    if rfq.min_local_content_pct is not None:
        stmt = stmt.where(Product.local_content_pct >= rfq.min_local_content_pct)
    return stmt


def _search(rfq: Rfq, text: str) -> list[tuple[int, float]]:
    """(product id, score) for `text` within the request's category, best first."""
    found: list[tuple[int, float]] = []
    backend = get_backend()
    for page in range(1, SEARCH_PAGES + 1):
        query = Query(text=text, category=rfq.category_code, page=page, per_page=50, per_supplier=0)
        results = backend.search(query)
        found += [
            (int(h.id.split(":", 1)[1]), h.score)
            for h in results.hits
            if h.id.startswith("product:")
        ]
        if page * 50 >= results.total:
            break
    return found


def _text_hits(rfq: Rfq) -> list[int]:
    """Product ids matching the title within the category, best first: all its words
    together, else any of them (a product matching more of the words ranks higher)."""
    words = [w for w in rfq.title.split() if len(w) > 1][:MATCH_WORDS]
    try:
        together = _search(rfq, " ".join(words))
        if together or len(words) < 2:
            return [pid for pid, _score in together]
        scores: dict[int, float] = {}
        for word in words:
            for pid, score in _search(rfq, word):
                scores[pid] = scores.get(pid, 0.0) + score
    except IndexUnavailable:
        log.exception("search index unavailable; inviting by category only")
        return []
    return sorted(scores, key=lambda pid: (-scores[pid], pid))


def match(session: Session, rfq: Rfq) -> list[int]:
    """Supplier ids to invite, best match first (see the module's docstring)."""
    limit, fitting = max_invites(), _fitting_products(rfq)
    ranked = _text_hits(rfq)
    suppliers: list[int] = []
    if ranked:
        rows = dict(session.execute(fitting.where(Product.id.in_(ranked))).tuples().all())
        for pid in ranked:
            if pid in rows and rows[pid] not in suppliers:
                suppliers.append(rows[pid])
    if not suppliers:  # the words matched nothing that may answer: the category alone
        stmt = (
            fitting.with_only_columns(Product.supplier_id)
            .group_by(Product.supplier_id)
            .order_by(func.count().desc(), Product.supplier_id)
        )
        suppliers = list(session.scalars(stmt.limit(limit)))
    return suppliers[:limit]


def invited_ids(session: Session, rfq_id: int) -> list[int]:
    stmt = select(RfqInvitation.supplier_id).where(RfqInvitation.rfq_id == rfq_id)
    return list(session.scalars(stmt.order_by(RfqInvitation.rank, RfqInvitation.id)))


def add(session: Session, rfq: Rfq, supplier_ids: Iterable[int], by_buyer: bool) -> None:
    """Invitation rows for these suppliers, in this order (the caller commits)."""
    start = len(invited_ids(session, rfq.id))
    session.add_all(
        RfqInvitation(rfq_id=rfq.id, supplier_id=sid, by_buyer=by_buyer, rank=start + i)
        for i, sid in enumerate(supplier_ids)
    )


def _open_rfq_of(session: Session, buyer: User, rfq_id: int) -> Rfq:
    rfq = session.scalar(select(Rfq).where(Rfq.id == rfq_id).with_for_update())
    if rfq is None:
        raise perms.not_found()
    perms.require_buyer_of(buyer, rfq)
    if rfq.state != RfqState.OPEN:
        raise Conflict(_("Suppliers can be invited or removed only while the request is open."))
    return rfq


def invite_supplier(session: Session, buyer: User, rfq_id: int, supplier_id: int) -> None:
    """The buyer invites one more supplier, which must satisfy the answer rules (one of
    its products fits); Conflict when it does not, is already invited or the limit is
    reached. Its staff are told."""
    rfq = _open_rfq_of(session, buyer, rfq_id)
    if session.get(Supplier, supplier_id) is None:
        raise NotFound(_("There is no such supplier."))
    invited = invited_ids(session, rfq.id)
    if supplier_id in invited:
        raise Conflict(_("This supplier is already invited."))
    if len(invited) >= max_invites():
        raise Conflict(_("At most %(n)d suppliers can be invited.", n=max_invites()))
    fits = session.scalar(_fitting_products(rfq).where(Product.supplier_id == supplier_id).limit(1))
    if fits is None:
        raise Conflict(
            _(
                "This supplier does not meet the request's rules (category, verification, "
                "local content or province)."
            )
        )
    add(session, rfq, [supplier_id], by_buyer=True)
    notices.invited(session, rfq, [supplier_id])
    session.commit()


def remove_supplier(session: Session, buyer: User, rfq_id: int, supplier_id: int) -> None:
    """The buyer withdraws an invitation, only before that supplier quoted."""
    rfq = _open_rfq_of(session, buyer, rfq_id)
    quoted = session.scalar(
        select(Quote.id).where(Quote.rfq_id == rfq.id, Quote.supplier_id == supplier_id)
    )
    if quoted is not None:
        raise Conflict(_("This supplier has already quoted: its invitation stays."))
    result = session.execute(
        delete(RfqInvitation).where(
            RfqInvitation.rfq_id == rfq.id, RfqInvitation.supplier_id == supplier_id
        )
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound(_("This supplier is not invited."))
    session.commit()


def find_candidates(session: Session, buyer: User, rfq_id: int, text: str) -> list[Supplier]:
    """Public suppliers whose name or tax code matches `text` (for the buyer's "add a
    supplier" search), at most 20, not yet invited."""
    rfq = session.get(Rfq, rfq_id)
    if rfq is None:
        raise perms.not_found()
    perms.require_buyer_of(buyer, rfq)
    text = text.strip()[:100]
    if not text:
        return []
    like = f"%{text}%"
    stmt = (
        select(Supplier)
        .where(
            Supplier.state.in_(PUBLIC_STATES),
            or_(Supplier.name.ilike(like), Supplier.name_en.ilike(like), Supplier.tax_code == text),
            Supplier.id.not_in(
                select(RfqInvitation.supplier_id).where(RfqInvitation.rfq_id == rfq.id)
            ),
        )
        .order_by(Supplier.name)
        .limit(20)
    )
    return list(session.scalars(stmt))
