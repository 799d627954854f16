"""make_* helpers with sensible defaults; each commits so views see the rows."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session
from stdnum.vn import mst

from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.products.models import Product, ProductSpec
from marketplace.suppliers.models import Ownership, Supplier, VerificationState

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
_PASSWORD_HASH = hash_password(PASSWORD)


def valid_tax_code(n: int | None = None) -> str:
    """A tax code with a correct check digit (01xxxxxxx = Hà Nội)."""
    counter = n if n is not None else next(_seq)
    while True:
        body = f"01{counter:07d}"
        digit = mst.calc_check_digit(body)
        if len(digit) == 1:
            return body + digit
        counter += 1000


def make_user(
    session: Session,
    role: Role = Role.BUYER,
    supplier: Supplier | None = None,
    email: str | None = None,
) -> User:
    user = User(
        email=email or f"user{next(_seq)}@example.vn",
        password_hash=_PASSWORD_HASH,
        role=role,
        full_name="Nguyễn Văn A",
        supplier_id=supplier.id if supplier else None,
    )
    session.add(user)
    session.commit()
    return user


def make_supplier(
    session: Session, *, state: VerificationState = VerificationState.VERIFIED, **values: object
) -> Supplier:
    defaults: dict[str, object] = {
        "tax_code": valid_tax_code(),
        "name": "Công ty TNHH Môi trường Thăng Long",
        "name_en": "Thang Long Environment Co., Ltd.",
        "ownership": Ownership.DOMESTIC,
        "province": "Hà Nội",
        "commune": "Phường Cầu Giấy",
        "state": state,
    }
    supplier = Supplier(**{**defaults, **values})
    session.add(supplier)
    session.commit()
    return supplier


def make_product(session: Session, supplier: Supplier, **values: object) -> Product:
    specs = values.pop("specs", [("công suất", "50 m3/ngày")])
    defaults: dict[str, object] = {
        "sku": f"SKU-{next(_seq)}",
        "name": "Máy ép bùn băng tải 1000 mm",
        "name_en": "Belt filter press 1000 mm",
        "category_code": "WW-SLU",
        "origin": "VN",
        "local_content_pct": 70,
        "price_vnd": 350_000_000,
        "active": True,
        "description": "Máy ép bùn băng tải cho trạm xử lý nước thải.",
    }
    product = Product(supplier=supplier, **{**defaults, **values})
    product.specs = [ProductSpec(key=k, value=v, position=i) for i, (k, v) in enumerate(specs)]  # type: ignore[arg-type]
    session.add(product)
    session.commit()
    return product


def sign_in(client, session: Session, user: User) -> None:  # type: ignore[no-untyped-def]
    """Log the test client in as `user`: a session row, as a real login makes."""
    from marketplace.accounts.sessions import SESSION_KEY, start_session

    token = start_session(session, user, "pytest", "127.0.0.1")
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
        sess[SESSION_KEY] = token
