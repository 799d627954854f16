"""What a registry import writes once its files are checked: new and changed
suppliers and products, their specs, the search outbox and the import batch, in
the import's transaction (nothing is committed here). A large import has written
its suppliers and new products already, while it read its products file
(stream.py): `Early` says what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.imports import batches
from marketplace.imports.bulk import bulk_insert, bulk_insert_ids, member_of
from marketplace.imports.report import ImportReport
from marketplace.imports.upsert import EntityPlan, insert_rows, update_rows
from marketplace.indexing import outbox
from marketplace.products.publication import PUBLIC_STATES
from marketplace.registry import adapters
from marketplace.registry.adapters import PRODUCTS, SUPPLIER_FIELDS, SUPPLIERS
from marketplace.suppliers.models import VerificationEvent, VerificationState
from marketplace.verification import material

File = tuple[str, bytes]


@dataclass
class Early:
    """What an import wrote before its products file was checked through."""

    now: datetime
    new_suppliers: dict[str, int]  # tax code -> id
    new_products: dict[Any, int]  # (tax code, lower-case SKU) -> id


def supplier_ids(session: Session, taxes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for cond in member_of(session, SUPPLIERS.c.tax_code, taxes):
        stmt = select(SUPPLIERS.c.tax_code, SUPPLIERS.c.id).where(cond)
        found.update(session.execute(stmt).tuples().all())
    return found


def public_ids(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for cond in member_of(session, SUPPLIERS.c.id, ids):
        stmt = select(SUPPLIERS.c.id).where(cond, SUPPLIERS.c.state.in_(PUBLIC_STATES))
        found.update(session.scalars(stmt))
    return found


def write_suppliers(
    session: Session, plan: EntityPlan, actor: User | None, now: datetime
) -> dict[str, int]:
    """New and changed suppliers; the new ones' ids by tax code."""
    label = actor.email if actor else batches.CLI_ACTOR
    stamp = {"created_at": now, "updated_at": now}
    insert_rows(
        session,
        SUPPLIERS,
        [{**r.values, **stamp, "state": VerificationState.PENDING} for r in plan.creates],
        [*SUPPLIER_FIELDS, "state", "created_at", "updated_at"],
    )
    new_sup = supplier_ids(session, {r.key for r in plan.creates})
    bulk_insert(
        session,
        VerificationEvent.__table__,  # type: ignore[arg-type]
        ("supplier_id", "to_state", "actor", "note", "created_at"),
        ((sid, "pending", label, "imported", now) for sid in new_sup.values()),
    )
    update_rows(
        session,
        SUPPLIERS,
        [(u.row_id, {c: n for c, (_o, n) in u.changed.items()}) for u in plan.updates],
        now,
    )
    # A verified supplier whose verified fields the file changes loses its badge.
    material.withdraw_imported(session, [(u.row_id, u.changed) for u in plan.updates], actor, now)
    return new_sup


def write_import(
    session: Session,
    sup_plan: EntityPlan,
    prod_plan: EntityPlan,
    actor: User | None,
    files: list[File],
    report: ImportReport,
    owner_id: int | None,
    early: Early | None = None,
) -> None:
    if early is None:
        now = utcnow()
        new_sup = write_suppliers(session, sup_plan, actor, now)
    else:
        now, new_sup = early.now, early.new_suppliers
    creates = prod_plan.creates
    owner_ids = supplier_ids(session, {r.key[0] for r in creates})
    if early is None:
        new_prod = _insert_products(session, creates, owner_ids, now)
    else:
        new_prod = early.new_products
        if set(new_prod) != {r.key for r in creates}:  # never: the same rule chose both
            raise RuntimeError("the products written early are not the import's new ones")
    adapters.write_products(
        session,
        [(u.row_id, {c: n for c, (_o, n) in u.changed.items()}) for u in prod_plan.updates],
        now,
    )
    # Every document the import touches, named exactly: changed products, products of
    # changed suppliers (they carry the supplier's name and place), and the suppliers
    # of changed products (a supplier document lists what it makes).
    changed_sup = [u.row_id for u in sup_plan.updates]
    product_docs = {*new_prod.values(), *(u.row_id for u in prod_plan.updates)}
    for cond in member_of(session, PRODUCTS.c.supplier_id, changed_sup):
        product_docs.update(session.scalars(select(PRODUCTS.c.id).where(cond)))
    owners = supplier_ids(session, {u.incoming.key[0] for u in prod_plan.updates})
    outbox.enqueue_documents(
        session,
        products=product_docs,
        suppliers={*new_sup.values(), *changed_sup, *owner_ids.values(), *owners.values()},
        bulk=True,
    )
    batches.record_batch(
        session,
        "registry",
        actor,
        files,
        report,
        [batches.Written(sup_plan, new_sup), batches.Written(prod_plan, new_prod)],
        supplier_id=owner_id,
    )


def _insert_products(
    session: Session, creates: list[Any], owner_ids: dict[str, int], now: datetime
) -> dict[Any, int]:
    public = public_ids(session, list(owner_ids.values()))
    ids = bulk_insert_ids(
        session,
        PRODUCTS,
        adapters.NEW_PRODUCT_COLUMNS,
        (
            adapters.new_product_row(sid, r.values, sid in public, now)
            for r in creates
            for sid in (owner_ids[r.key[0]],)
        ),
        at_most=len(creates),
    )
    new_prod = {r.key: pk for r, pk in zip(creates, ids, strict=True)}
    adapters.insert_specs(
        session, {new_prod[r.key]: r.values["specs"] for r in creates if r.values.get("specs")}
    )
    return new_prod
