"""A buyer, two fitting suppliers with staff, and a request for quotation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import Flask
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.rfqs import quotes, services
from marketplace.rfqs.inputs import QuoteInput, RfqInput
from marketplace.suppliers.models import Supplier
from tests.factories import make_product, make_supplier, make_user

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 3, 0)  # 10:00 in Hà Nội


@dataclass
class World:
    buyer: User
    a: Supplier
    b: Supplier
    staff_a: User
    staff_b: User


def set_clock(app: Flask, at: datetime) -> None:
    app.config["RFQ_NOW"] = at


def make_world(app: Flask, session: Session) -> World:
    set_clock(app, NOW)
    # No English names: pages in both languages name them the same (one test gives
    # them English names).
    a = make_supplier(session, name="Công ty Lọc Nước A", name_en=None)
    b = make_supplier(session, name="Công ty Xử Lý B", name_en=None)
    make_product(session, a, name="Máy ép bùn băng tải", local_content_pct=70)
    make_product(session, b, name="Máy ép bùn trục vít", local_content_pct=40)
    return World(
        buyer=make_user(session, Role.BUYER),
        a=a,
        b=b,
        staff_a=make_user(session, Role.SUPPLIER_STAFF, supplier=a),
        staff_b=make_user(session, Role.SUPPLIER_STAFF, supplier=b),
    )


def rfq_input(**changes: object) -> RfqInput:
    values: dict[str, object] = {
        "category": "WW-SLU",
        "title": "Máy ép bùn cho trạm xử lý",
        "description": "Cho trạm 500 m3/ngày.",
        "quantity": 2,
        "unit": "bộ",
        "delivery_commune": "Cầu Giấy",
        "deadline": TODAY + timedelta(days=14),
        "specs": [("công suất", "50 m3/ngày")],
    }
    values.update(changes)
    return RfqInput(**values)  # type: ignore[arg-type]


def quote_input(**changes: object) -> QuoteInput:
    values: dict[str, object] = {
        "price_vnd": 700_000_000,
        "lead_time_days": 30,
        "local_content_pct": Decimal(70),
        "origin": "VN",
        "warranty_months": 24,
    }
    values.update(changes)
    return QuoteInput(**values)  # type: ignore[arg-type]


def open_rfq(session: Session, w: World, **changes: object) -> int:
    rfq_id = services.create_draft(session, w.buyer, rfq_input(**changes))
    services.publish(session, w.buyer, rfq_id)
    return rfq_id


def quoted_rfq(session: Session, w: World) -> tuple[int, int, int]:
    """An open request both suppliers quoted on: (rfq id, quote of A, quote of B)."""
    rfq_id = open_rfq(session, w)
    qa = quotes.submit_quote(session, w.staff_a, rfq_id, quote_input()).id
    qb = quotes.submit_quote(session, w.staff_b, rfq_id, quote_input(price_vnd=650_000_000)).id
    return rfq_id, qa, qb
