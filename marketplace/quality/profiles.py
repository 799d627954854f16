"""Profiles that need an official's attention: stale ones (neither the profile nor
any of its products changed for a year) and incomplete ones (important fields
missing, or no product listed). Counts are computed in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState

STALE_MONTHS = (6, 12, 24, 36)
# Fields a buyer needs to judge and reach a supplier, in the order they are shown.
IMPORTANT = ("email", "phone", "website", "address", "description", "certifications")


def missing_labels() -> dict[str, str]:
    return {
        "email": str(_l("e-mail")),
        "phone": str(_l("phone")),
        "website": str(_l("website")),
        "address": str(_l("address")),
        "description": str(_l("description")),
        "certifications": str(_l("certifications")),
        "products": str(_l("no products")),
    }


def _blank(column: Any) -> ColumnElement[bool]:
    return or_(column.is_(None), func.trim(column) == "")


def _last_product_change() -> Any:
    return (
        select(Product.supplier_id, func.max(Product.updated_at).label("changed"))
        .group_by(Product.supplier_id)
        .subquery()
    )


def _with_state(stmt: Select[Any], state: VerificationState | None) -> Select[Any]:
    return stmt.where(Supplier.state == state) if state else stmt


def select_stale(
    months: int = 12, state: VerificationState | None = None, now: datetime | None = None
) -> Select[Any]:
    """Suppliers whose profile and products are all older than `months`, oldest first."""
    cutoff = (now or utcnow()) - timedelta(days=round(months * 365.25 / 12))
    last = _last_product_change()
    stmt = (
        select(Supplier)
        .outerjoin(last, last.c.supplier_id == Supplier.id)
        .where(Supplier.updated_at < cutoff, or_(last.c.changed.is_(None), last.c.changed < cutoff))
        .order_by(Supplier.updated_at, Supplier.id)
    )
    return _with_state(stmt, state)


def last_changes(session: Session, suppliers: Sequence[Supplier]) -> dict[int, datetime]:
    """When each of these suppliers (a page) or one of its products last changed."""
    ids = [s.id for s in suppliers]
    latest = {s.id: s.updated_at for s in suppliers}
    rows = session.execute(
        select(Product.supplier_id, func.max(Product.updated_at))
        .where(Product.supplier_id.in_(ids))
        .group_by(Product.supplier_id)
    ).tuples()
    for sid, changed in rows:
        if changed and changed > latest[sid]:
            latest[sid] = changed
    return latest


def _has_products() -> ColumnElement[bool]:
    return select(Product.id).where(Product.supplier_id == Supplier.id).exists()


def _missing_condition(field: str) -> ColumnElement[bool]:
    if field == "products":
        return ~_has_products()
    return _blank(getattr(Supplier, field))


def select_incomplete(
    missing: str | None = None, state: VerificationState | None = None
) -> Select[Any]:
    """Suppliers missing `missing` (a field of IMPORTANT, or "products"), or any of
    them when None; by name."""
    fields = [missing] if missing else [*IMPORTANT, "products"]
    stmt = select(Supplier).where(or_(*(_missing_condition(f) for f in fields)))
    return _with_state(stmt, state).order_by(Supplier.name, Supplier.id)


def count_missing(session: Session, state: VerificationState | None = None) -> dict[str, int]:
    """How many suppliers miss each field (one aggregate query)."""
    columns = [
        func.coalesce(func.sum(case((_missing_condition(f), 1), else_=0)), 0).label(f)
        for f in [*IMPORTANT, "products"]
    ]
    stmt = _with_state(select(*columns).select_from(Supplier), state)
    row = session.execute(stmt).one()
    return {k: int(v) for k, v in row._mapping.items()}


def missing_of(session: Session, suppliers: Sequence[Supplier]) -> dict[int, list[str]]:
    """The missing fields of each supplier of a page (one query for the products)."""
    ids = [s.id for s in suppliers]
    stocked = set(
        session.scalars(select(Product.supplier_id).where(Product.supplier_id.in_(ids)).distinct())
    )
    out: dict[int, list[str]] = {}
    for s in suppliers:
        gaps = [f for f in IMPORTANT if not (getattr(s, f) or "").strip()]
        out[s.id] = gaps if s.id in stocked else [*gaps, "products"]
    return out
