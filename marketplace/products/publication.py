"""When a product is first published: the first time the public could see it, i.e.
it was listed (active) while its supplier was publicly listed (pending or verified).

A product never published may be deleted (nobody outside the company saw it, linked
to it or searched it); a published one can only be withdrawn, so what the public
once saw stays accounted for. The moment is kept in `products.published_at`, set by
a flush hook whichever path lists the product or makes its supplier public (the
product form, restoring, a verification decision); the bulk import sets it itself."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier, VerificationState

PUBLIC_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)


def is_published(product: Product) -> bool:
    return product.published_at is not None


def init_app(_app: Flask) -> None:
    if not event.contains(Session, "before_flush", _stamp):
        event.listen(Session, "before_flush", _stamp)


def _stamp(session: Session, _ctx, _instances) -> None:  # type: ignore[no-untyped-def]
    now: datetime | None = None
    for obj in list(session.new) + list(session.dirty):
        if (
            isinstance(obj, Product)
            and obj.published_at is None
            and obj.active is not False  # None: the default (True) not applied yet
            and obj.supplier is not None
            # A supplier not flushed yet has no state: it gets the default, pending.
            and (obj.supplier.state is None or obj.supplier.state in PUBLIC_STATES)
        ):
            obj.published_at = now = now or utcnow()
        elif (
            isinstance(obj, Supplier)
            and obj.id is not None
            and obj.state in PUBLIC_STATES
            and inspect(obj).attrs.state.history.has_changes()
        ):
            # Its listed products become visible now. Core UPDATE on the flush's own
            # connection: the ORM's would flush again from inside this flush.
            session.connection().execute(
                update(Product.__table__)  # type: ignore[arg-type]
                .where(
                    Product.__table__.c.supplier_id == obj.id,
                    Product.__table__.c.active.is_(True),
                    Product.__table__.c.published_at.is_(None),
                )
                .values(published_at=now or utcnow())
            )
