"""Who may see and do what with a request for quotation. An RFQ is private to its
buyer and the staff of the suppliers invited to it; to everyone else it does not
exist (404), so its existence is not revealed."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.errors import Forbidden, NotFound
from marketplace.rfqs.models import Rfq


def is_buyer_of(user: User | None, rfq: Rfq) -> bool:
    return bool(user and user.is_authenticated and user.id == rfq.buyer_id)


def supplier_of(user: User | None) -> int | None:
    """The supplier whose staff `user` is (None for anyone else)."""
    if user and user.is_authenticated and user.role == Role.SUPPLIER_STAFF:
        return user.supplier_id
    return None


def require_buyer_role(user: User | None) -> None:
    if not (user and user.is_authenticated and user.role == Role.BUYER):
        raise Forbidden(_("Only buyers' accounts can request quotations."))


def not_found() -> NotFound:
    return NotFound(_("There is no such request for quotation, or it is not addressed to you."))


def require_buyer_of(user: User | None, rfq: Rfq) -> None:
    if not is_buyer_of(user, rfq):
        raise not_found()


def require_official(user: User | None) -> None:
    if not (user and user.is_authenticated and user.is_official):
        raise Forbidden(_("This page is for the Department's officials."))
