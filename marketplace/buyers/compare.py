"""The compare tray: up to four products side by side. Kept in the visitor's Flask
session (a list of product ids), so it works before signing up and costs no rows;
the table is built from the database each time, so what it shows is current."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.permissions import can_view_product
from marketplace.errors import Conflict, NotFound
from marketplace.i18n.specs import name_key
from marketplace.products.models import Product
from marketplace.products.queries import select_public_products

TRAY_KEY = "compare"
MAX_COMPARE = 4


def tray(store: Mapping[str, Any]) -> list[int]:
    """The product ids in the tray, in the order they were added."""
    raw = store.get(TRAY_KEY) or []
    return [int(i) for i in raw if isinstance(i, int)][:MAX_COMPARE]


def add(session: Session, store: MutableMapping[str, Any], product_id: int) -> Product:
    """Put a publicly listed product in the tray (again: no change). NotFound for a
    product the public cannot see; Conflict when four are there already."""
    product = session.get(Product, product_id)
    if product is None or not can_view_product(None, product):
        raise NotFound(_("This product is not listed."))
    ids = tray(store)
    if product_id in ids:
        return product
    if len(ids) >= MAX_COMPARE:
        raise Conflict(_("You can compare up to four products. Remove one before adding another."))
    # A new list, so the session notices the change and saves the cookie.
    store[TRAY_KEY] = [*ids, product_id]
    return product


def remove(store: MutableMapping[str, Any], product_id: int) -> None:
    store[TRAY_KEY] = [i for i in tray(store) if i != product_id]


def clear(store: MutableMapping[str, Any]) -> None:
    store.pop(TRAY_KEY, None)


@dataclass
class CompareTable:
    products: list[Product]
    # (specification name, the value of each product or None), names in the order
    # they first appear across the products.
    specs: list[tuple[str, list[str | None]]] = field(default_factory=list)
    gone: int = 0  # products in the tray no longer listed (withdrawn, hidden)


def get_compare_table(session: Session, ids: list[int]) -> CompareTable:
    """The tray's products still publicly listed, in tray order, with the union of
    their specification names (matched without regard to case, spaces, tone placement
    or language: "Vật liệu" and "Material" are one row)."""
    if not ids:
        return CompareTable([])
    stmt = select_public_products().where(Product.id.in_(ids))
    rows = {p.id: p for p in session.scalars(stmt).unique()}
    products = [rows[i] for i in ids if i in rows]
    names: dict[str, str] = {}
    values: list[dict[str, str]] = []
    for product in products:
        own: dict[str, str] = {}
        for spec in product.specs:
            key = name_key(spec.key)
            names.setdefault(key, spec.key.strip())
            own.setdefault(key, spec.value)
        values.append(own)
    specs = [(label, [v.get(key) for v in values]) for key, label in names.items()]
    return CompareTable(products, specs, gone=len(ids) - len(products))
