"""Reads for the officials' queue and review page, and for the supplier's own view."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, contains_eager

from marketplace.accounts.permissions import can_view_documents
from marketplace.categories.models import Category
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.verification.forms import kind_label
from marketplace.verification.models import VerificationDocument

EXPIRY_WINDOW_DAYS = 60
WAIT_CHOICES = (7, 14, 30, 90)  # "waiting at least N days" in the queue's filter


def waiting_since() -> Any:
    """When a supplier started waiting: its last request, else its registration."""
    return func.coalesce(Supplier.submitted_at, Supplier.created_at)


def select_queue(
    state: VerificationState | None = VerificationState.PENDING,
    province: str | None = None,
    category: str | None = None,
    min_wait_days: int | None = None,
    now: datetime | None = None,
) -> Select[Any]:
    """Suppliers for review, the longest waiting first; filters by state, province,
    the category of their products (top-level or subcategory) and waiting time."""
    stmt = select(Supplier)
    if state is not None:
        stmt = stmt.where(Supplier.state == state)
    if province:
        stmt = stmt.where(Supplier.province == province)
    if category:
        makers = (
            select(Product.supplier_id)
            .join(Category, Product.category_code == Category.code)
            .where((Category.code == category) | (Category.parent_code == category))
        )
        stmt = stmt.where(Supplier.id.in_(makers))
    if min_wait_days and now is not None:
        stmt = stmt.where(waiting_since() <= now - timedelta(days=min_wait_days))
    # Requests the supplier sent come first (the longest waiting first); then profiles
    # that never asked (imported, or registered without documents).
    never_asked = case((Supplier.submitted_at.is_(None), 1), else_=0)
    return stmt.order_by(never_asked, waiting_since(), Supplier.id)


def expired_supplier_ids(session: Session, supplier_ids: list[int], today: date) -> set[int]:
    """Which of these suppliers have a document past its expiry date."""
    if not supplier_ids:
        return set()
    stmt = select(VerificationDocument.supplier_id).where(
        VerificationDocument.supplier_id.in_(supplier_ids), VerificationDocument.expires_on < today
    )
    return set(session.scalars(stmt.distinct()))


def count_documents(session: Session, supplier_ids: list[int]) -> dict[int, int]:
    if not supplier_ids:
        return {}
    stmt = (
        select(VerificationDocument.supplier_id, func.count(VerificationDocument.id))
        .where(VerificationDocument.supplier_id.in_(supplier_ids))
        .group_by(VerificationDocument.supplier_id)
    )
    return dict(session.execute(stmt).tuples().all())


def select_expiring(today: date, days: int = EXPIRY_WINDOW_DAYS) -> Select[Any]:
    """Documents expiring from today to `days` ahead (and those already expired of
    suppliers still verified), soonest first, with their supplier."""
    return (
        select(VerificationDocument)
        .join(Supplier, Supplier.id == VerificationDocument.supplier_id)
        .options(contains_eager(VerificationDocument.supplier))
        .where(
            VerificationDocument.expires_on <= today + timedelta(days=days),
            (VerificationDocument.expires_on >= today)
            | (Supplier.state == VerificationState.VERIFIED),
        )
        .order_by(VerificationDocument.expires_on, VerificationDocument.id)
    )


def list_documents(
    session: Session, supplier_id: int, public_only: bool = False
) -> list[VerificationDocument]:
    stmt = select(VerificationDocument).where(VerificationDocument.supplier_id == supplier_id)
    if public_only:
        stmt = stmt.where(VerificationDocument.public.is_(True))
    return list(session.scalars(stmt.order_by(VerificationDocument.kind, VerificationDocument.id)))


def list_history(session: Session, supplier_id: int) -> list[VerificationEvent]:
    """The supplier's verification history, newest first."""
    stmt = (
        select(VerificationEvent)
        .where(VerificationEvent.supplier_id == supplier_id)
        .order_by(VerificationEvent.created_at.desc(), VerificationEvent.id.desc())
    )
    return list(session.scalars(stmt))


def pending_changes(supplier: Supplier, history: list[VerificationEvent]) -> dict[str, Any]:
    """When the profile came back to the queue because a verified field changed: for
    each such field, the value the Department verified and the value now."""
    if supplier.state != VerificationState.PENDING or not history:
        return {}
    last = history[0]
    if last.action != "withdraw" or not last.changes:
        return {}
    out: dict[str, Any] = {}
    for name, (old, _new) in last.changes.items():
        now = getattr(supplier, name, None)
        out[name] = (old, getattr(now, "value", now))
    return out


def list_products(session: Session, supplier_id: int, limit: int = 50) -> list[Product]:
    stmt = (
        select(Product)
        .where(Product.supplier_id == supplier_id)
        .order_by(Product.active.desc(), Product.name)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def profile_context(session: Session, user: Any, supplier: Supplier) -> dict[str, Any]:
    """What the supplier's page shows of its verification: its documents (all of them
    to its staff and officials, the public ones to others) and whether a certificate
    has expired (everyone is told, not which)."""
    today = date.today()
    own = can_view_documents(user, supplier)
    return {
        "documents": list_documents(session, supplier.id, public_only=not own),
        "has_expired": bool(expired_supplier_ids(session, [supplier.id], today)),
        "today": today,
        "document_label": kind_label,
    }
