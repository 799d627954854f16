"""Supply records set-wise: their link to the registry (supplier tax code and SKU in
files and forms, ids in the table), reading and writing them in the import's
attribute names, and the import-batch adapter that lets a batch be reverted. Every
write keeps the aggregates in step (cells.remove before, cells.add after)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.errors import Conflict
from marketplace.imports import batches
from marketplace.imports.bulk import bulk_insert_ids, member_of
from marketplace.imports.upsert import delete_rows, update_rows
from marketplace.products.models import Product
from marketplace.share import cells
from marketplace.share.fields import SUPPLY_COLUMNS
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import Supplier

R: Table = SupplyRecord.__table__  # type: ignore[assignment]
SUPPLIERS: Table = Supplier.__table__  # type: ignore[assignment]
PRODUCTS: Table = Product.__table__  # type: ignore[assignment]
# Attributes as files and forms name them (the file's columns, `category` as the
# model's category_code); these three stand for other table columns.
FIELDS = tuple({"category": "category_code"}.get(c, c) for c in SUPPLY_COLUMNS)
_COLUMN_OF = {
    "local_content_pct": "local_content_bp",
    "supplier_tax_code": "supplier_id",
    "sku": "product_id",
}
_PLAIN = tuple(f for f in FIELDS if f not in _COLUMN_OF)
INSERTED = tuple(_COLUMN_OF.get(f, f) for f in FIELDS)  # the table's columns, in order


@dataclass
class Links:
    """Registry ids for the tax codes and SKUs of a file or form."""

    suppliers: dict[str, int] = field(default_factory=dict)  # tax code -> id
    products: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    # (supplier id, lower-case SKU) -> (product id, SKU as stored)

    def product(self, tax: str, sku: str) -> tuple[int, str] | None:
        sid = self.suppliers.get(tax)
        return None if sid is None else self.products.get((sid, sku.lower()))


def load_links(session: Session, taxes: Iterable[str], skus: Iterable[tuple[str, str]]) -> Links:
    """One look-up for every supplier and product a file names."""
    links = Links()
    for cond in member_of(session, SUPPLIERS.c.tax_code, set(taxes)):
        links.suppliers.update(
            session.execute(select(SUPPLIERS.c.tax_code, SUPPLIERS.c.id).where(cond)).tuples().all()
        )
    wanted = {(links.suppliers[t], s.lower()) for t, s in skus if t in links.suppliers}
    for cond in member_of(session, PRODUCTS.c.supplier_id, {sid for sid, _s in wanted}):
        stmt = select(PRODUCTS.c.id, PRODUCTS.c.supplier_id, PRODUCTS.c.sku).where(cond)
        for pid, sid, sku in session.execute(stmt).tuples():
            if (sid, sku.lower()) in wanted:
                links.products[(sid, sku.lower())] = (pid, sku)
    return links


def link_problem(links: Links, tax: str | None, sku: str | None) -> tuple[str, str] | None:
    """(column, message) when the supplier or its product is not in the registry."""
    if tax and tax not in links.suppliers:
        return "supplier_tax_code", _("supplier %(tax)s is not in the registry", tax=tax)
    if tax and sku and links.product(tax, sku) is None:
        return "sku", _("supplier %(tax)s has no product %(sku)s in the registry", tax=tax, sku=sku)
    return None


def insert(
    session: Session, rows: list[dict[str, Any]], links: Links, now: datetime
) -> dict[Hashable, int]:
    """Insert records given in attribute names (a missing one is None); returns
    record_id -> id. The aggregates are the caller's: `cells.add` the ids."""
    ids = insert_stream(session, rows, links, len(rows), now)
    return {values["record_id"]: pk for values, pk in zip(rows, ids, strict=True)}


def insert_stream(
    session: Session,
    rows: Iterable[dict[str, Any]],
    links: Links,
    at_most: int,
    now: datetime | None = None,
) -> list[int]:
    """Insert records as `rows` yields them (attribute names), at most `at_most`;
    returns their ids in that order. The aggregates are the caller's."""
    now = now or utcnow()
    return bulk_insert_ids(
        session,
        R,
        (*INSERTED, "created_at", "updated_at"),
        (_new_row(v, links, now) for v in rows),
        at_most,
    )


def _new_row(values: dict[str, Any], links: Links, now: datetime) -> tuple[Any, ...]:
    """A new record's row in the order of INSERTED: `to_columns` for a record that
    has no stored fields, without the dictionary in between (100,000s of rows)."""
    get = values.get
    tax, sku = get("supplier_tax_code"), get("sku")
    product = None
    if sku:
        found = links.product(tax, sku) if tax else None
        if found is None:
            to_columns(values, links)  # raises the Conflict naming the product
        else:
            product = found[0]
    return (
        get("record_id"),
        get("year"),
        get("category_code"),
        get("value_vnd"),
        get("origin"),
        get("local_content_pct"),
        links.suppliers[tax] if tax else None,
        product,
        get("buyer"),
        get("source"),
        now,
        now,
    )


def to_columns(
    values: dict[str, Any], links: Links, stored: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Attribute values as table columns. The product link is resolved from the
    supplier and SKU the record will have (`stored`: its current fields), so a record
    moved to another supplier links that supplier's product of the same SKU."""
    out = {c: values[c] for c in _PLAIN if c in values}
    if "local_content_pct" in values:
        out["local_content_bp"] = values["local_content_pct"]
    if "supplier_tax_code" in values:
        tax = values["supplier_tax_code"]
        out["supplier_id"] = links.suppliers[tax] if tax else None
    if "sku" in values or ("supplier_tax_code" in values and stored and stored["sku"]):
        tax, sku = link_of(values, stored)
        found = links.product(tax, sku) if tax and sku else None
        if sku and found is None:
            raise Conflict(
                _(
                    "Product %(sku)s of supplier %(tax)s is not in the registry.",
                    sku=sku,
                    tax=tax,
                )
            )
        out["product_id"] = found[0] if found else None
    return out


def link_of(values: dict[str, Any], stored: dict[str, Any] | None) -> tuple[Any, Any]:
    """(supplier tax code, SKU) a record has after `values` are applied."""
    stored = stored or {}
    return (
        values.get("supplier_tax_code", stored.get("supplier_tax_code")),
        values.get("sku", stored.get("sku")),
    )


def _select_fields() -> Any:
    return (
        select(
            R.c.id,
            R.c.updated_at,
            *(R.c[c] for c in _PLAIN),
            R.c.local_content_bp,
            SUPPLIERS.c.tax_code.label("supplier_tax_code"),
            PRODUCTS.c.sku,
        )
        .outerjoin(SUPPLIERS, SUPPLIERS.c.id == R.c.supplier_id)
        .outerjoin(PRODUCTS, PRODUCTS.c.id == R.c.product_id)
    )


def _as_fields(data: dict[str, Any]) -> dict[str, Any]:
    data["local_content_pct"] = data.pop("local_content_bp")  # Percent: already a Decimal
    if data["source"] is not None:
        data["source"] = str(data["source"])
    return data


def _read_where(session: Session, conds: Iterable[Any]) -> Iterator[dict[str, Any]]:
    # Plain tuples zipped with the keys: Row._asdict per row cost more than the query.
    for cond in conds:
        result = session.execute(_select_fields().where(cond))
        keys = list(result.keys())
        for values in result.tuples().all():
            yield _as_fields(dict(zip(keys, values, strict=True)))


def read_by_record_id(
    session: Session, record_ids: Iterable[str]
) -> dict[Hashable, dict[str, Any]]:
    conds = member_of(session, R.c.record_id, set(record_ids))
    return {row["record_id"]: row for row in _read_where(session, conds)}


def read(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in _read_where(session, member_of(session, R.c.id, ids))}


def write(session: Session, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Set fields of stored records (attribute names), aggregates kept in step."""
    if not rows:
        return
    stored = read(session, [i for i, _v in rows])
    pairs = [link_of(v, stored[i]) for i, v in rows]
    links = load_links(session, {t for t, _s in pairs if t}, {(t, s) for t, s in pairs if t and s})
    columns = [(i, to_columns(v, links, stored[i])) for i, v in rows]
    ids = [i for i, _v in rows]
    cells.remove(session, ids)
    update_rows(session, R, columns, utcnow())
    cells.add(session, ids)


def remove(session: Session, ids: list[int]) -> None:
    cells.remove(session, ids)
    delete_rows(session, R, ids)


def from_json(column: str, value: Any) -> Any:
    if value is None:
        return None
    return Decimal(value) if column == "local_content_pct" else value


def _imported_values(session: Session, pk: int) -> dict[str, Any]:
    from marketplace.share import services  # it builds on this module

    return services.imported_values(session, pk)


batches.register(
    batches.EntityAdapter(
        entity="supply_record",
        table=R,
        order=10,  # after suppliers and products, which records refer to
        read=read,
        write=write,
        remove=remove,
        touched=lambda _s, _ids: None,  # not in the search index
        from_json=from_json,
        # A record holds every imported column: the batch keeps its new ones as runs.
        compact=True,
        label=lambda values: str(values.get("record_id")),
        as_imported=lambda session, pk: _imported_values(session, pk),
    )
)
