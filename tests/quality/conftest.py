"""Two records of one company: A (kept) and B (the duplicate), each with products,
a member account, supply records and verification history."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.products.models import Product
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from tests import factories


@dataclass
class Pair:
    kept: Supplier
    merged: Supplier
    kept_product: Product
    products: list[Product]  # the duplicate's
    member: User
    record: SupplyRecord
    event: VerificationEvent


@pytest.fixture
def official(session: Session) -> User:
    return factories.make_user(session, Role.OFFICIAL, email="can.bo@sct.hanoi.gov.vn")


@pytest.fixture
def pair(session: Session) -> Pair:
    kept = factories.make_supplier(
        session,
        name="Công ty TNHH Môi trường Xanh",
        phone="024 3826 1234",
        email="info@xanh.vn",
        website="https://www.xanh.vn/",
    )
    merged = factories.make_supplier(
        session,
        name="CTY MOI TRUONG XANH CO., LTD",
        phone="+84 24 3826 1234",
        email="INFO@xanh.vn",
        website="xanh.vn",
        state=VerificationState.PENDING,
    )
    kept_product = factories.make_product(session, kept, sku="XL-1")
    products = [
        factories.make_product(session, merged, sku="B-1", name="Máy ép bùn"),
        factories.make_product(session, merged, sku="B-2", origin="DE", category_code="AIR"),
    ]
    member = factories.make_user(session, Role.SUPPLIER_STAFF, supplier=merged, email="nv@xanh.vn")
    record = SupplyRecord(
        record_id="HN-2025-001",
        year=2025,
        category_code="WW",
        value_vnd=1_000_000,
        origin="VN",
        supplier_id=merged.id,
        product_id=products[0].id,
    )
    event = VerificationEvent(
        supplier_id=merged.id, from_state=None, to_state="pending", actor="x", note="registered"
    )
    session.add_all([record, event])
    session.commit()
    return Pair(kept, merged, kept_product, products, member, record, event)
