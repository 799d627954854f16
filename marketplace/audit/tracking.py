"""Automatic audit of row changes made through the ORM, whatever path made them
(web form, API, command line, job): a session hook records each created, changed
or deleted supplier, product (with its specifications and photos) and user
account, with the acting user, before it chains the transaction's events.

Set-wise imports bypass the ORM on purpose; their import batch (every changed
row's before and after) is audited as one event instead (imports/batches.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import has_request_context
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from marketplace.accounts.models import User
from marketplace.audit import chain
from marketplace.audit.models import AuditEvent
from marketplace.audit.services import actor_label, current_actor, plain
from marketplace.db import utcnow
from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier

_SKIP = frozenset({"id", "created_at", "updated_at"})
_SECRET = frozenset({"password_hash"})  # recorded as changed, never with its value


@dataclass(frozen=True)
class Tracked:
    entity: str
    entity_id: Callable[[Any], object]
    supplier_id: Callable[[Session, Any], int | None]


def _product_owner(session: Session, obj: Any) -> int | None:
    product = session.identity_map.get((Product, (obj.product_id,), None))
    if product is not None:
        return product.supplier_id  # type: ignore[no-any-return]
    return session.connection().scalar(
        select(Product.supplier_id).where(Product.id == obj.product_id)
    )


_TRACKED: dict[type, Tracked] = {
    Supplier: Tracked("supplier", lambda o: o.id, lambda _s, o: o.id),
    Product: Tracked("product", lambda o: o.id, lambda _s, o: o.supplier_id),
    ProductSpec: Tracked("product_spec", lambda o: o.product_id, _product_owner),
    ProductPhoto: Tracked("product_photo", lambda o: o.product_id, _product_owner),
    User: Tracked("user", lambda o: o.id, lambda _s, o: o.supplier_id),
}


def _values(obj: Any, changed_only: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the mapped columns: all of them, or only those changed."""
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP:
            continue
        hist = state.attrs[key].history
        if changed_only:
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
        else:
            old = new = state.dict.get(key)
        if key in _SECRET:
            key, old, new = "password", "…", "(changed)"
        before[key], after[key] = old, new
    return before, after


def _orphans(session: Session) -> list[Any]:
    """Stored children taken off a changed parent's delete-orphan collection (a
    product's specs replaced by the form): the flush deletes them, though they are
    not in `session.deleted`."""
    out = []
    for obj in session.dirty:
        state = inspect(obj)
        for rel in state.mapper.relationships:
            if rel.cascade.delete_orphan and rel.mapper.class_ in _TRACKED:
                gone = state.attrs[rel.key].history.deleted or ()
                out += [c for c in gone if inspect(c).has_identity and c not in session.deleted]
    return out


def _events(session: Session) -> list[dict[str, Any]]:
    actor = current_actor(session)
    base = {
        "created_at": utcnow(),
        "actor_id": actor.id if actor is not None else None,
        "actor_label": actor_label(actor, has_request_context()),
        "note": None,
    }
    out: list[dict[str, Any]] = []
    for objs, action in (
        (session.new, "created"),
        (session.dirty, "updated"),
        (session.deleted, "deleted"),
        (_orphans(session), "deleted"),
    ):
        for obj in objs:
            spec = _TRACKED.get(type(obj))
            if spec is None:
                continue
            before, after = _values(obj, changed_only=action == "updated")
            if action == "updated" and not after:
                continue
            if action == "created":
                after.pop("password", None)
            out.append(
                {
                    **base,
                    "entity": spec.entity,
                    "entity_id": str(spec.entity_id(obj)),
                    "action": action,
                    "before": None if action == "created" else plain(before),
                    "after": None if action == "deleted" else plain(after),
                    "supplier_id": spec.supplier_id(session, obj),
                }
            )
    return out


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    if any(
        isinstance(o, AuditEvent) or type(o) in _TRACKED
        for o in (*session.new, *session.dirty, *session.deleted)
    ):
        chain.lock(session.connection())


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    rows = _events(session)
    recorded = [o for o in session.new if isinstance(o, AuditEvent)]
    if not rows and not recorded:
        return
    conn = session.connection()
    if rows:
        conn.execute(insert(AuditEvent.__table__), rows)  # type: ignore[arg-type]
    chain.chain_new(conn)
    session.info["audit_chained"] = recorded


def _after_flush_postexec(session: Session, _ctx: UOWTransaction) -> None:
    # The events this flush added had their hash columns set underneath the ORM.
    for obj in session.info.pop("audit_chained", []):
        session.expire(obj, ["seq", "prev_hash", "hash"])


def init_app() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_flush_postexec", _after_flush_postexec)
