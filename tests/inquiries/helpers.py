"""The cast of the inquiry tests: a supplier with two staff accounts, a product, a
buyer; and sending an inquiry through the service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, g
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.attachments.files import Upload
from marketplace.inquiries import services
from marketplace.inquiries.models import Inquiry
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier
from tests.factories import make_product, make_supplier, make_user


@dataclass
class Cast:
    supplier: Supplier
    product: Product
    staff: User
    colleague: User
    buyer: User


def cast(session: Session, **supplier_values: object) -> Cast:
    supplier = make_supplier(session, name="Công ty Nước Sạch Hà Nội", **supplier_values)
    return Cast(
        supplier=supplier,
        product=make_product(session, supplier),
        staff=make_user(session, Role.SUPPLIER_STAFF, supplier=supplier),
        colleague=make_user(session, Role.SUPPLIER_STAFF, supplier=supplier),
        buyer=make_user(session, Role.BUYER),
    )


@contextmanager
def in_request(app: Flask) -> Iterator[None]:
    """A request context for calling services directly. The tests' app context is
    shared with the test client's requests, so the anonymous user Flask-Login loads
    here is dropped again: the client's own login must count afterwards."""
    with app.test_request_context():
        yield
    g.pop("_login_user", None)


def draft(**values: object) -> services.InquiryDraft:
    defaults: dict[str, object] = {
        "subject": "Báo giá máy ép bùn",
        "body": "Chúng tôi cần 2 máy cho trạm xử lý nước thải.",
        "quantity": "2",
        "unit": "bộ",
        "delivery_commune": "Phường Cầu Giấy",
    }
    return services.InquiryDraft(**{**defaults, **values})  # type: ignore[arg-type]


def send(
    app: Flask,
    session: Session,
    c: Cast,
    buyer: User | None = None,
    uploads: list[Upload] | None = None,
    **values: object,
) -> Inquiry:
    with in_request(app):
        return services.send_inquiry(
            session,
            buyer or c.buyer,
            c.supplier.tax_code,
            c.product.sku,
            draft(**values),
            uploads or [],
        )


def reply(app: Flask, session: Session, user: User, inquiry: Inquiry, body: str = "Vâng ạ") -> None:
    with in_request(app):
        services.reply(session, user, inquiry.id, body)
