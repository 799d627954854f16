"""How suppliers and products are read, written and deleted set-wise, for the
import's upsert and for reverting an import batch. Specifications are a product
column in the files (`key: value; ...`) and rows of product_specs in the database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.imports import batches
from marketplace.imports.bulk import bulk_insert, member_of
from marketplace.imports.upsert import delete_rows, update_rows
from marketplace.indexing import outbox
from marketplace.products.fields import PRODUCT_COLUMNS, parse_specs, split_canonical_specs
from marketplace.products.models import Product, ProductPhoto
from marketplace.products.queries import SPEC_ROWS, specs_texts
from marketplace.registry import imported
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.fields import SUPPLIER_COLUMNS
from marketplace.suppliers.models import Ownership, Supplier, VerificationState

SUPPLIERS: Table = Supplier.__table__  # type: ignore[assignment]
PRODUCTS: Table = Product.__table__  # type: ignore[assignment]
SPECS: Table = SPEC_ROWS
PHOTOS: Table = ProductPhoto.__table__  # type: ignore[assignment]
USERS: Table = User.__table__  # type: ignore[assignment]
RECORDS: Table = SupplyRecord.__table__  # type: ignore[assignment]

SUPPLIER_FIELDS = SUPPLIER_COLUMNS
# Product columns of the file under their model attribute / table column names.
PRODUCT_FIELDS = tuple(
    {"category": "category_code"}.get(c, c) for c in PRODUCT_COLUMNS if c != "supplier_tax_code"
)
# `local_content_pct` is stored in the column local_content_bp (hundredths).
_PRODUCT_DB = {"local_content_pct": "local_content_bp"}


def product_column(attr: str) -> str:
    return _PRODUCT_DB.get(attr, attr)


def specs_text(session: Session, product_ids: list[int]) -> dict[int, str]:
    """Each product's specifications in the file's form (`key: value; ...`)."""
    found: dict[int, str] = {}
    for cond in member_of(session, SPECS.c.product_id, product_ids):
        found.update(specs_texts(session, cond))
    return found


def replace_specs(session: Session, specs: dict[int, str | None], fresh: bool = False) -> None:
    """Set the specifications of these products (None or "" clears them); `fresh`:
    the products were just created and have none yet, and the texts are the import's
    cleaned (canonical) ones."""
    if not fresh:
        for cond in member_of(session, SPECS.c.product_id, specs):
            session.execute(delete(SPECS).where(cond))
    insert_specs(session, specs, canonical=fresh)


def insert_specs(
    target: Session | Connection, specs: dict[int, str | None], canonical: bool = True
) -> None:
    """Spec rows for products that have none; `canonical`: the texts are the
    import's cleaned ones (read without checking them again)."""
    parse = split_canonical_specs if canonical else parse_specs
    bulk_insert(
        target,
        SPECS,
        ("product_id", "key", "value", "position"),
        (
            (pid, k, v, i)
            for pid, text in specs.items()
            for i, (k, v) in enumerate(parse(text or ""))
        ),
    )


# A new product's columns as an import writes them (`new_product_row` gives the values).
PRODUCT_ATTRS = tuple(a for a in PRODUCT_FIELDS if a != "specs")
NEW_PRODUCT_COLUMNS = (
    "supplier_id",
    *(product_column(a) for a in PRODUCT_ATTRS),
    "active",
    "published_at",
    "created_at",
    "updated_at",
)


def new_product_row(
    supplier_id: int, values: dict[str, Any], public: bool, now: datetime
) -> tuple[Any, ...]:
    """Imported products are listed at once: published when their supplier is public."""
    return (
        supplier_id,
        *map(values.get, PRODUCT_ATTRS),
        True,
        now if public else None,
        now,
        now,
    )


def read_suppliers(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    cols = [SUPPLIERS.c.id, SUPPLIERS.c.updated_at, *(SUPPLIERS.c[c] for c in SUPPLIER_FIELDS)]
    return {
        r.id: r._asdict() for r in session.execute(select(*cols).where(SUPPLIERS.c.id.in_(ids)))
    }


def read_products(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    cols = [
        PRODUCTS.c.id,
        PRODUCTS.c.updated_at,
        SUPPLIERS.c.tax_code.label("supplier_tax_code"),
        *(PRODUCTS.c[product_column(a)] for a in PRODUCT_FIELDS if a != "specs"),
    ]
    found = {}
    stmt = select(*cols).join(SUPPLIERS, SUPPLIERS.c.id == PRODUCTS.c.supplier_id)
    for r in session.execute(stmt.where(PRODUCTS.c.id.in_(ids))):
        data = r._asdict()
        data["local_content_pct"] = data.pop("local_content_bp")
        data["specs"] = None
        found[r.id] = data
    for pid, text in specs_text(session, list(found)).items():
        found[pid]["specs"] = text
    return found


def write_suppliers(session: Session, rows: list[tuple[int, dict[str, Any]]]) -> None:
    now = utcnow()
    update_rows(session, SUPPLIERS, rows, now)


def write_products(
    session: Session, rows: list[tuple[int, dict[str, Any]]], now: datetime | None = None
) -> None:
    """Set product columns (model attribute names; `specs` as text)."""
    specs = {i: v["specs"] for i, v in rows if "specs" in v}
    plain = [(i, {product_column(c): x for c, x in v.items() if c != "specs"}) for i, v in rows]
    update_rows(session, PRODUCTS, plain, now or utcnow())
    if specs:
        replace_specs(session, specs)


def supplier_as_imported(session: Session, pk: int) -> dict[str, Any]:
    now = read_suppliers(session, [pk]).get(pk)
    return imported.as_imported(session, "supplier", pk, now, SUPPLIER_FIELDS)


def product_as_imported(session: Session, pk: int) -> dict[str, Any]:
    """Its values as imported, its supplier named by tax code as in the file (its
    supplier then: a merge may have moved it since)."""
    now = read_products(session, [pk]).get(pk)
    if now is not None:
        now["supplier_id"] = session.scalar(
            select(PRODUCTS.c.supplier_id).where(PRODUCTS.c.id == pk)
        )
    values = imported.as_imported(session, "product", pk, now, (*PRODUCT_FIELDS, "supplier_id"))
    owner = values.pop("supplier_id", None)
    tax = session.scalar(select(SUPPLIERS.c.tax_code).where(SUPPLIERS.c.id == owner))
    return {"supplier_tax_code": tax, **values} if tax else values


def product_label(values: dict[str, Any]) -> str:
    tax, sku = values.get("supplier_tax_code"), values.get("sku")
    return f"{tax} / {sku}" if tax else str(sku)


def supplier_from_json(column: str, value: Any) -> Any:
    if value is None:
        return None
    return Ownership(value) if column == "ownership" else value


def product_from_json(column: str, value: Any) -> Any:
    if value is None:
        return None
    return Decimal(value) if column == "local_content_pct" else value


def supplier_dependents(
    session: Session, supplier_ids: list[int], created: dict[str, set[int]]
) -> list[str]:
    """What deleting these suppliers would lose that the batch did not bring: products
    added later, a verification decision, staff accounts."""
    taken = created.get("product", set())
    out = []
    for cond in member_of(session, PRODUCTS.c.supplier_id, supplier_ids):
        stmt = (
            select(PRODUCTS.c.id, PRODUCTS.c.sku, SUPPLIERS.c.tax_code)
            .join(SUPPLIERS, SUPPLIERS.c.id == PRODUCTS.c.supplier_id)
            .where(cond)
        )
        out += [
            _("%(key)s (added since: reverting would delete it)", key=f"{tax} / {sku}")
            for pid, sku, tax in session.execute(stmt)
            if pid not in taken
        ]
    for cond in member_of(session, SUPPLIERS.c.id, supplier_ids):
        decided = select(SUPPLIERS.c.tax_code).where(
            cond, SUPPLIERS.c.state != VerificationState.PENDING
        )
        out += [
            _("%(key)s (verified or decided since)", key=tax) for tax in session.scalars(decided)
        ]
        staffed = (
            select(SUPPLIERS.c.tax_code)
            .join(USERS, USERS.c.supplier_id == SUPPLIERS.c.id)
            .where(cond)
            .distinct()
        )
        out += [_("%(key)s (has staff accounts)", key=tax) for tax in session.scalars(staffed)]
        used = (
            select(SUPPLIERS.c.tax_code)
            .join(RECORDS, RECORDS.c.supplier_id == SUPPLIERS.c.id)
            .where(cond)
            .distinct()
        )
        out += [_("%(key)s (has supply records)", key=tax) for tax in session.scalars(used)]
    return out


def product_dependents(
    session: Session, product_ids: list[int], created: dict[str, set[int]]
) -> list[str]:
    """Photos added to products the batch created, supply records linked to them."""
    out = []
    for cond in member_of(session, RECORDS.c.product_id, product_ids):
        stmt = (
            select(SUPPLIERS.c.tax_code, PRODUCTS.c.sku)
            .join(PRODUCTS, PRODUCTS.c.id == RECORDS.c.product_id)
            .join(SUPPLIERS, SUPPLIERS.c.id == PRODUCTS.c.supplier_id)
            .where(cond)
            .distinct()
        )
        out += [
            _("%(key)s (has supply records)", key=f"{tax} / {sku}")
            for tax, sku in session.execute(stmt)
        ]
    for cond in member_of(session, PHOTOS.c.product_id, product_ids):
        stmt = (
            select(SUPPLIERS.c.tax_code, PRODUCTS.c.sku)
            .join(PRODUCTS, PRODUCTS.c.id == PHOTOS.c.product_id)
            .join(SUPPLIERS, SUPPLIERS.c.id == PRODUCTS.c.supplier_id)
            .where(cond)
            .distinct()
        )
        out += [
            _("%(key)s (has photos)", key=f"{tax} / {sku}") for tax, sku in session.execute(stmt)
        ]
    return out


batches.register(
    batches.EntityAdapter(
        entity="supplier",
        table=SUPPLIERS,
        order=0,
        read=read_suppliers,
        write=write_suppliers,
        remove=lambda s, ids: delete_rows(s, SUPPLIERS, ids),
        touched=lambda s, ids: outbox.enqueue(s, suppliers=ids, bulk=True),
        from_json=supplier_from_json,
        dependents=supplier_dependents,
        # A 100,000-row file's new rows cost as much again kept one by one.
        compact=True,
        label=lambda values: str(values.get("tax_code")),
        as_imported=supplier_as_imported,
    )
)
batches.register(
    batches.EntityAdapter(
        entity="product",
        table=PRODUCTS,
        order=1,
        read=read_products,
        write=write_products,
        remove=lambda s, ids: delete_rows(s, PRODUCTS, ids),
        touched=lambda s, ids: outbox.enqueue(s, products=ids, bulk=True),
        from_json=product_from_json,
        dependents=product_dependents,
        compact=True,
        label=product_label,
        as_imported=product_as_imported,
    )
)
