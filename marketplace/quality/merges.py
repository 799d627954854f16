"""Merging a duplicate supplier into the one kept, and undoing it.

A merge moves the merged supplier's products and every row listed in movers.MOVERS
(supply records, member accounts, verification history) to the kept supplier,
suspends the merged one (suspended suppliers are out of the public registry, the
search index and the API) and stores exactly what moved. Undo moves the same rows
back and restores the state, and is refused, naming the rows, when any of them has
changed or clashes since.

SKUs are unique per supplier (without regard to case). A product of the merged
supplier whose SKU the kept supplier already uses is a collision: by default the
merge is refused and names them, because the two are most often the same product
listed twice, which the official should resolve (withdraw one, or correct a SKU)
rather than publish twice. On request (`rename_collisions`) the merged supplier's
product is kept under `SKU-<tax code of the merged supplier>`; undo gives it back
its SKU."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit.services import act_as, record
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.indexing.outbox import enqueue_documents
from marketplace.products.models import Product
from marketplace.quality.models import SupplierMerge
from marketplace.quality.movers import MOVERS
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState

MAX_SKU = 64


@dataclass
class MergePlan:
    """What a merge would do, for the confirmation page."""

    kept: Supplier
    merged: Supplier
    products: int
    counts: dict[str, int]
    collisions: list[Product] = field(default_factory=list)  # merged's products


def _product_label(p: Product) -> str:
    return f"{p.sku} ({p.name})"


def active_merge_of(session: Session, supplier_id: int) -> SupplierMerge | None:
    """The merge (not undone) that took this supplier out of the registry."""
    return session.scalar(
        select(SupplierMerge).where(
            SupplierMerge.merged_id == supplier_id, SupplierMerge.undone_at.is_(None)
        )
    )


def select_merges() -> Select[Any]:
    return (
        select(SupplierMerge)
        .options(joinedload(SupplierMerge.kept), joinedload(SupplierMerge.merged))
        .order_by(SupplierMerge.id.desc())
    )


def get_merge(session: Session, merge_id: int) -> SupplierMerge:
    merge = session.scalar(select_merges().where(SupplierMerge.id == merge_id))
    if merge is None:
        raise NotFound(_("No merge #%(id)d.", id=merge_id))
    return merge


def plan_merge(session: Session, actor: User, kept: Supplier, merged: Supplier) -> MergePlan:
    """Check that `merged` may be merged into `kept` and count what would move.
    Raises Forbidden, InvalidInput (the same supplier twice), Conflict (one of them
    is already merged away)."""
    permissions.require_official(actor)
    if kept.id == merged.id:
        raise InvalidInput(_("Choose two different suppliers."))
    for s in (kept, merged):
        if active_merge_of(session, s.id) is not None:
            raise Conflict(_("%(name)s was already merged into another supplier.", name=s.name))
    kept_skus = {
        sku.lower()
        for sku in session.scalars(select(Product.sku).where(Product.supplier_id == kept.id))
    }
    products = list(
        session.scalars(
            select(Product).where(Product.supplier_id == merged.id).order_by(Product.sku)
        )
    )
    return MergePlan(
        kept=kept,
        merged=merged,
        products=len(products),
        counts={m.key: len(m.rows_of(session, merged.id)) for m in MOVERS},
        collisions=[p for p in products if p.sku.lower() in kept_skus],
    )


def _renamed(sku: str, suffix: str, taken: set[str]) -> str:
    for n in range(1, 1000):
        tail = f"-{suffix}" if n == 1 else f"-{suffix}-{n}"
        candidate = sku[: MAX_SKU - len(tail)] + tail
        if candidate.lower() not in taken:
            return candidate
    raise Conflict(_("No free SKU for %(sku)s.", sku=sku))


def merge_suppliers(
    session: Session,
    actor: User,
    kept: Supplier,
    merged: Supplier,
    note: str = "",
    rename_collisions: bool = False,
) -> SupplierMerge:
    """Merge `merged` into `kept` (see the module's doc). Raises what plan_merge
    raises, and Conflict naming the colliding SKUs unless `rename_collisions`."""
    plan = plan_merge(session, actor, kept, merged)
    if plan.collisions and not rename_collisions:
        raise Conflict(
            _(
                "Both suppliers have products with these SKUs: %(skus)s. Withdraw or "
                "correct them first, or choose to rename them.",
                skus=", ".join(_product_label(p) for p in plan.collisions),
            )
        )
    act_as(session, actor)
    taken = {
        s.lower()
        for s in session.scalars(select(Product.sku).where(Product.supplier_id == kept.id))
    }
    clashing = {p.id for p in plan.collisions}
    products: list[dict[str, Any]] = []
    for p in session.scalars(select(Product).where(Product.supplier_id == merged.id)):
        entry = {"id": p.id, "sku": p.sku, "new_sku": p.sku}
        if p.id in clashing:
            entry["new_sku"] = p.sku = _renamed(p.sku, merged.tax_code, taken)
        taken.add(p.sku.lower())
        p.supplier_id = kept.id
        products.append(entry)
    moved: dict[str, Any] = {"products": products}
    for mover in MOVERS:
        rows = mover.rows_of(session, merged.id)
        for row in rows:
            setattr(row, mover.fk, kept.id)
        moved[mover.key] = sorted(row.id for row in rows)
    session.flush()
    session.expire(kept, ["events"])
    session.expire(merged, ["events"])
    merge = SupplierMerge(
        kept_id=kept.id,
        merged_id=merged.id,
        merged_state=merged.state.value,
        moved=moved,
        note=note or None,
        actor_id=actor.id,
    )
    session.add(merge)
    _set_state(merged, VerificationState.SUSPENDED, actor, _merge_note(kept))
    session.flush()
    counts = {key: len(ids) for key, ids in moved.items()}
    record(
        session, actor, "supplier", merged.id, "merged",
        before={"state": merge.merged_state},
        after={"state": merged.state, "merged_into": kept.tax_code, "merge": merge.id, **counts},
        note=note or None,
    )  # fmt: skip
    record(
        session, actor, "supplier", kept.id, "absorbed",
        after={"absorbed": merged.tax_code, "merge": merge.id, **counts},
        note=note or None,
    )  # fmt: skip
    enqueue_documents(session, products=[p["id"] for p in products], suppliers=[kept.id, merged.id])
    session.commit()
    return merge


def _merge_note(kept: Supplier) -> str:
    return f"merged into {kept.tax_code}"


def _set_state(supplier: Supplier, state: VerificationState, actor: User, note: str) -> None:
    supplier.events.append(
        VerificationEvent(
            from_state=supplier.state.value, to_state=state.value, actor=actor.email, note=note
        )
    )
    supplier.state = state


def undo_problems(session: Session, merge: SupplierMerge) -> list[str]:
    """Why `merge` cannot be undone now, each naming what changed (empty: it can)."""
    kept, merged = merge.kept, merge.merged
    problems: list[str] = []
    if merge.undone_at is not None:
        return [_("This merge was already undone.")]
    if merged.state != VerificationState.SUSPENDED:
        problems.append(
            _(
                "%(name)s is no longer suspended (now %(state)s).",
                name=merged.name,
                state=merged.state.value,
            )
        )
    later = active_merge_of(session, kept.id)
    if later is not None:
        problems.append(
            _("%(name)s was itself merged later (merge #%(id)d): undo that first.",
              name=kept.name, id=later.id)
        )  # fmt: skip
    entries = merge.moved.get("products", [])
    found = {p.id: p for p in _products(session, [e["id"] for e in entries])}
    gone = [e["new_sku"] for e in entries if e["id"] not in found]
    changed = [
        _product_label(found[e["id"]])
        for e in entries
        if e["id"] in found
        and (found[e["id"]].supplier_id != kept.id or found[e["id"]].sku != e["new_sku"])
    ]
    back = {e["sku"].lower() for e in entries}
    clashes = [
        _product_label(p)
        for p in session.scalars(select(Product).where(Product.supplier_id == merged.id))
        if p.sku.lower() in back
    ]
    if gone:
        problems.append(_("Products deleted since: %(items)s.", items=", ".join(gone)))
    if changed:
        problems.append(_("Products moved or renamed since: %(items)s.", items=", ".join(changed)))
    if clashes:
        problems.append(
            _("%(name)s has new products with the same SKUs: %(items)s.",
              name=merged.name, items=", ".join(clashes))
        )  # fmt: skip
    for mover in MOVERS:
        ids = list(merge.moved.get(mover.key, []))
        rows = mover.rows(session, ids)
        missing = [str(i) for i in ids if i not in rows]
        elsewhere = [mover.name(r) for r in rows.values() if getattr(r, mover.fk) != kept.id]
        if missing or elsewhere:
            problems.append(
                _("%(kind)s deleted or moved since: %(items)s.",
                  kind=mover_label(mover.key), items=", ".join(elsewhere + missing))
            )  # fmt: skip
    return problems


def _products(session: Session, ids: list[int]) -> list[Product]:
    out: list[Product] = []
    for start in range(0, len(ids), 5000):
        part = ids[start : start + 5000]
        out.extend(session.scalars(select(Product).where(Product.id.in_(part))))
    return out


def mover_label(key: str) -> str:
    if key == "products":
        return _("Products")
    return next((str(m.title) for m in MOVERS if m.key == key), key)


def undo_merge(session: Session, actor: User, merge_id: int, note: str = "") -> SupplierMerge:
    """Move back exactly what `merge_id` moved and restore the merged supplier's
    state. Raises Forbidden, NotFound, Conflict listing undo_problems."""
    permissions.require_official(actor)
    merge = get_merge(session, merge_id)
    problems = undo_problems(session, merge)
    if problems:
        raise Conflict(" ".join([_("The merge cannot be undone:"), *problems]))
    act_as(session, actor)
    kept, merged = merge.kept, merge.merged
    entries = merge.moved.get("products", [])
    by_id = {p.id: p for p in _products(session, [e["id"] for e in entries])}
    for e in entries:
        product = by_id[e["id"]]
        product.supplier_id, product.sku = merged.id, e["sku"]
    for mover in MOVERS:
        for row in mover.rows(session, list(merge.moved.get(mover.key, []))).values():
            setattr(row, mover.fk, merged.id)
    session.flush()
    session.expire(kept, ["events"])
    session.expire(merged, ["events"])
    _set_state(merged, VerificationState(merge.merged_state), actor, "merge undone")
    merge.undone_at = utcnow()
    merge.undone_by_id = actor.id
    record(
        session, actor, "supplier", merged.id, "merge_undone",
        before={"merged_into": kept.tax_code, "merge": merge.id},
        after={"state": merged.state}, note=note or None,
    )  # fmt: skip
    enqueue_documents(session, products=list(by_id), suppliers=[kept.id, merged.id])
    session.commit()
    return merge


def merged_into(session: Session, supplier_id: int) -> tuple[Supplier, dict[str, str]] | None:
    """Where a merged supplier's links lead: the supplier it was merged into (its
    latest merge not undone) and its products' SKUs there (old, lower case -> new)."""
    merge = session.scalar(
        select(SupplierMerge)
        .where(SupplierMerge.merged_id == supplier_id, SupplierMerge.undone_at.is_(None))
        .order_by(SupplierMerge.id.desc())
        .limit(1)
    )
    kept = session.get(Supplier, merge.kept_id) if merge is not None else None
    if merge is None or kept is None:
        return None
    skus = {e["sku"].lower(): e["new_sku"] for e in merge.moved.get("products", [])}
    return kept, skus
