"""Who may write an inquiry and who is a party to one. Services call these."""

from __future__ import annotations

from typing import Literal

from flask_babel import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.errors import Forbidden, NotFound
from marketplace.inquiries.models import Inquiry

# The two parties of a thread (not stored: worked out from the user).
Side = Literal["buyer", "supplier"]
BUYER: Side = "buyer"
SUPPLIER: Side = "supplier"


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.active)


def can_send_inquiry(user: User | None) -> bool:
    return _signed_in(user) and user.role == Role.BUYER  # type: ignore[union-attr]


def require_send_inquiry(user: User | None) -> None:
    if not can_send_inquiry(user):
        raise Forbidden(
            _(
                "Inquiries are sent by buyers. You are signed in with a supplier's or the "
                "Department's account, which cannot write to suppliers from here; sign up "
                "or log in as a buyer to send one."
            )
        )


def side_of(user: User | None, inquiry: Inquiry) -> Side | None:
    """The buyer who wrote it, or staff of the supplier it was sent to; None for
    anyone else (officials included: they never read message bodies)."""
    if not _signed_in(user):
        return None
    if user is None:  # guaranteed by the checks above
        raise LookupError("user missing")
    if user.role == Role.BUYER and user.id == inquiry.buyer_id:
        return BUYER
    if user.role == Role.SUPPLIER_STAFF and user.supplier_id == inquiry.supplier_id:
        return SUPPLIER
    return None


def require_party(user: User | None, inquiry: Inquiry | None) -> Side:
    """The user's side; NotFound for everyone else, exactly as for an inquiry that
    does not exist, so its existence is not revealed."""
    side = side_of(user, inquiry) if inquiry is not None else None
    if side is None:
        raise NotFound(_("There is no such inquiry."))
    return side


def is_supplier_staff(user: User | None) -> bool:
    return bool(
        _signed_in(user)
        and user.role == Role.SUPPLIER_STAFF  # type: ignore[union-attr]
        and user.supplier_id is not None  # type: ignore[union-attr]
    )


def require_supplier_staff(user: User | None) -> int:
    """The supplier whose inbox the user reads."""
    if not is_supplier_staff(user):
        raise Forbidden(
            _(
                "The inbox is for the staff of a registered supplier. Buyers find the "
                "inquiries they sent under My requests."
            )
        )
    return int(user.supplier_id)  # type: ignore[union-attr, arg-type]
