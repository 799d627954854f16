"""A signed-in user's shortlist of products and suppliers: add, remove, note.

Personal lists are not recorded in the audit trail: they are nobody's business but
their owner's, and the trail is read by officials."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_view_product, can_view_supplier
from marketplace.buyers.models import ShortlistItem
from marketplace.errors import InvalidInput, NotFound
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier

KINDS = ("product", "supplier")
NOTE_MAX = 500


def _column(kind: str):  # type: ignore[no-untyped-def]
    if kind not in KINDS:
        raise NotFound(_("There is no such list."))
    return ShortlistItem.product_id if kind == "product" else ShortlistItem.supplier_id


def add_to_shortlist(session: Session, user: User, kind: str, target_id: int) -> ShortlistItem:
    """Keep a publicly listed product or supplier on the user's shortlist; adding it
    again changes nothing. NotFound for what the public cannot see."""
    column = _column(kind)
    target: Product | Supplier | None
    if kind == "product":
        target = session.get(Product, target_id)
        visible = target is not None and can_view_product(None, target)
    else:
        target = session.get(Supplier, target_id)
        visible = target is not None and can_view_supplier(None, target)
    if not visible:
        raise NotFound(_("This product or supplier is not listed."))
    existing = session.scalar(
        select(ShortlistItem).where(ShortlistItem.user_id == user.id, column == target_id)
    )
    if existing is not None:
        return existing
    item = ShortlistItem(user_id=user.id, **{column.key: target_id})
    session.add(item)
    try:
        session.commit()
    except IntegrityError:  # the same click twice at once: the other one stored it
        session.rollback()
        found = session.scalar(
            select(ShortlistItem).where(ShortlistItem.user_id == user.id, column == target_id)
        )
        if found is None:
            raise
        return found
    return item


def remove_from_shortlist(session: Session, user: User, kind: str, target_id: int) -> bool:
    """Take a product or supplier off the user's own shortlist (whatever its state
    now); False when it was not there."""
    column = _column(kind)
    result = session.execute(
        delete(ShortlistItem).where(ShortlistItem.user_id == user.id, column == target_id)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_note(session: Session, user: User, item_id: int, note: str) -> ShortlistItem:
    """The user's note on one of their items (empty clears it). NotFound for anyone
    else's item: its existence is not revealed."""
    item = session.get(ShortlistItem, item_id)
    if item is None or item.user_id != user.id:
        raise NotFound(_("This shortlist item does not exist."))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            _("A note may be at most %(n)d characters.", n=NOTE_MAX),
            {"note": _("A note may be at most %(n)d characters.", n=NOTE_MAX)},
        )
    item.note = note or None
    session.commit()
    return item
