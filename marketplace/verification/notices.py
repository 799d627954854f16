"""What the supplier's staff are told when its verification state changes: an
in-app notice (worded at display time) and an e-mail after the commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.notifications import messages
from marketplace.notifications import services as notifications
from marketplace.suppliers.models import Supplier
from marketplace.verification.machine import Action

KINDS = {
    Action.APPROVE: "verification.approved",
    Action.REJECT: "verification.rejected",
    Action.SUSPEND: "verification.suspended",
    Action.RESTORE: "verification.restored",
    Action.WITHDRAW: "verification.withdrawn",
}
# For the Department: work that arrived in the queue.
TO_REVIEW = {
    Action.SUBMIT: "verification.submitted",
    Action.WITHDRAW: "verification.back_in_queue",
}


@dataclass
class Told:
    """Whom to e-mail, and what, once the transaction has committed."""

    users: list[User] = field(default_factory=list)
    kind: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    link: str | None = None


def _reason(p: Mapping[str, Any]) -> str:
    return "\n" + _("Reason: %(reason)s", reason=p["reason"]) if p.get("reason") else ""


def _register(kind: str, render: messages.Render) -> None:
    messages.register(kind, render, group="verification")


def register_kinds() -> None:
    _register(
        KINDS[Action.APPROVE],
        lambda p: _("The Department has verified %(supplier)s.", supplier=p["supplier"])
        + _reason(p),
    )
    _register(
        KINDS[Action.REJECT],
        lambda p: _(
            "The Department did not verify %(supplier)s. Correct the profile or the "
            "documents and submit it again.",
            supplier=p["supplier"],
        )
        + _reason(p),
    )
    _register(
        KINDS[Action.SUSPEND],
        lambda p: _(
            "The Department has suspended the verification of %(supplier)s; the profile "
            "is hidden from buyers.",
            supplier=p["supplier"],
        )
        + _reason(p),
    )
    _register(
        KINDS[Action.RESTORE],
        lambda p: _(
            "The Department has restored the verification of %(supplier)s.", supplier=p["supplier"]
        )
        + _reason(p),
    )
    _register(
        KINDS[Action.WITHDRAW],
        lambda p: _(
            "%(supplier)s changed verified details (%(fields)s): the badge is withdrawn "
            "until the Department checks them again.",
            supplier=p["supplier"],
            fields=", ".join(field_label(f) for f in p.get("fields", [])),
        ),
    )


def register_review_kinds() -> None:
    _register(
        TO_REVIEW[Action.SUBMIT],
        lambda p: _("%(supplier)s asks for verification.", supplier=p["supplier"]),
    )
    _register(
        TO_REVIEW[Action.WITHDRAW],
        lambda p: _(
            "%(supplier)s changed verified details and is back in the verification queue.",
            supplier=p["supplier"],
        ),
    )


def notify_officials(session: Session, supplier: Supplier, action: Action) -> None:
    """An in-app notice to every active official when work arrives in the queue (no
    e-mail: the queue is their daily list, a mail per request would be noise)."""
    kind = TO_REVIEW.get(action)
    if kind is None:
        return
    officials = session.scalars(
        select(User).where(User.role.in_([Role.OFFICIAL, Role.ADMIN]), User.active.is_(True))
    )
    if has_request_context():
        link = url_for("verification.review", tax_code=supplier.tax_code)
    else:
        with current_app.test_request_context():
            link = url_for("verification.review", tax_code=supplier.tax_code)
    notifications.notify(session, list(officials), kind, {"supplier": supplier.name}, link)


def field_label(name: str) -> str:
    return {
        "name": _("Registered name"),
        "name_en": _("Name in English"),
        "tax_code": _("Tax code"),
        "ownership": _("Ownership"),
        "province": _("Province"),
        "address": _("Address"),
    }.get(name, name)


def list_staff(session: Session, supplier_ids: list[int]) -> list[User]:
    """The active staff accounts of these suppliers."""
    stmt = select(User).where(
        User.supplier_id.in_(supplier_ids), User.role == Role.SUPPLIER_STAFF, User.active.is_(True)
    )
    return list(session.scalars(stmt.order_by(User.id)))


def profile_link(tax_code: str) -> str:
    return profile_paths([tax_code])[tax_code]


def profile_paths(tax_codes: Iterable[str]) -> dict[str, str]:
    """Where staff act on a decision (its reason, the documents, submitting again): the
    supplier's verification page, as paths, also outside a request (command line,
    import)."""
    if has_request_context():
        return {t: url_for("verification.request_page", tax_code=t) for t in tax_codes}
    with current_app.test_request_context():
        return {t: url_for("verification.request_page", tax_code=t) for t in tax_codes}


def notify_staff(
    session: Session,
    supplier: Supplier,
    action: Action,
    reason: str,
    changes: Mapping[str, Any] | None,
) -> Told:
    """Store the notices for the staff; the staff's own submission tells nobody."""
    if action not in KINDS:
        return Told()
    params: dict[str, Any] = {"supplier": supplier.name, "reason": reason or None}
    if changes:
        params["fields"] = sorted(changes)
    told = Told(list_staff(session, [supplier.id]), KINDS[action], params)
    told.link = profile_link(supplier.tax_code)
    notifications.notify(session, told.users, told.kind, told.params, told.link)
    return told


def mail_staff(told: Told) -> None:
    if told.users:
        notifications.mail(told.users, told.kind, told.params, told.link)
