"""A change to what the Department verified (legal name, tax code, ownership,
province, address) withdraws the badge and puts the profile back in the queue,
with the change kept for the reviewing official — whichever path made it: the
profile form (one ORM object) or the registry import (set-wise Core writes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.audit import services as audit
from marketplace.audit.services import plain
from marketplace.db import on_commit
from marketplace.imports.batches import CLI_ACTOR
from marketplace.imports.bulk import bulk_insert, member_of
from marketplace.notifications.models import Notification
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.verification import notices, services
from marketplace.verification.machine import AUDIT_ACTION, Action

MATERIAL_FIELDS = ("name", "name_en", "tax_code", "ownership", "province", "address")

Changes = dict[str, list[Any]]  # field -> [old, new], as JSON keeps it


def snapshot(supplier: Supplier) -> dict[str, Any]:
    return {f: getattr(supplier, f) for f in MATERIAL_FIELDS}


def material_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """The verified fields whose value differs, as {field: [old, new]} in JSON values."""
    out: Changes = {}
    for f in MATERIAL_FIELDS:
        if f in before and f in after and before[f] != after[f]:
            old, new = plain({"o": before[f], "n": after[f]}).values()  # type: ignore[union-attr]
            out[f] = [old, new]
    return out


def withdraw_if_changed(
    session: Session, supplier: Supplier, actor: User | None, before: Mapping[str, Any]
) -> notices.Told | None:
    """In the caller's transaction: when a verified supplier's verified fields differ
    from `before`, withdraw the badge (state machine action WITHDRAW). Returns whom
    to e-mail after the commit (notices.mail_staff), or None."""
    if supplier.state != VerificationState.VERIFIED:
        return None
    changes = material_changes(before, snapshot(supplier))
    if not changes:
        return None
    _event, told = services.apply(session, supplier, Action.WITHDRAW, actor, "", changes)
    return told


def withdraw_imported(
    session: Session,
    updates: Sequence[tuple[int, Mapping[str, tuple[Any, Any]]]],
    actor: User | None,
    now: datetime,
) -> list[int]:
    """The import's version, set-wise: `updates` are (supplier id, {column: (old, new)})
    of the rows the import changes. Verified suppliers among them with a verified
    field changed go back to pending in one UPDATE per chunk, with their history
    events, audit events and staff notices inserted in bulk. Returns their ids."""
    wanted = {
        sid: {c: v for c, v in changed.items() if c in MATERIAL_FIELDS} for sid, changed in updates
    }
    wanted = {sid: ch for sid, ch in wanted.items() if ch}
    verified: dict[int, str] = {}
    for cond in member_of(session, Supplier.__table__.c.id, wanted):  # type: ignore[attr-defined]
        stmt = select(Supplier.id, Supplier.name).where(
            cond, Supplier.state == VerificationState.VERIFIED
        )
        verified.update(session.execute(stmt).tuples().all())
    if not verified:
        return []
    ids = sorted(verified)
    for cond in member_of(session, Supplier.__table__.c.id, ids):  # type: ignore[attr-defined]
        session.execute(
            update(Supplier.__table__)  # type: ignore[arg-type]
            .where(cond, Supplier.__table__.c.state == VerificationState.VERIFIED.value)  # type: ignore[attr-defined]
            .values(state=VerificationState.PENDING.value, submitted_at=now, state_reason=None)
        )
    label = actor.email if actor else CLI_ACTOR
    actor_id = actor.id if actor else None
    changes = {sid: material_changes(*_sides(wanted[sid])) for sid in ids}
    bulk_insert(
        session,
        VerificationEvent.__table__,  # type: ignore[arg-type]
        (
            "supplier_id",
            "from_state",
            "to_state",
            "actor",
            "actor_id",
            "action",
            "changes",
            "created_at",
        ),
        (
            (sid, "verified", "pending", label, actor_id, Action.WITHDRAW.value, changes[sid], now)
            for sid in ids
        ),
    )
    audit.record_many(
        session,
        actor,
        "verification",
        AUDIT_ACTION[Action.WITHDRAW],
        (
            (
                sid,
                {"state": "verified"},
                {"state": "pending", "submitted_at": now.isoformat(), "changes": changes[sid]},
                sid,
            )
            for sid in ids
        ),
    )
    staff: list[tuple[int, int, str]] = []
    users = User.__table__.c  # type: ignore[attr-defined]
    for cond in member_of(session, users.supplier_id, ids):
        stmt = (
            select(users.id, users.supplier_id, Supplier.tax_code)
            .join(Supplier, Supplier.id == users.supplier_id)
            .where(cond, users.role == Role.SUPPLIER_STAFF.value, users.active.is_(True))
        )
        staff.extend((int(u), int(s), str(t)) for u, s, t in session.execute(stmt).all())
    links = notices.profile_paths({tax for _u, _s, tax in staff})
    kind = notices.KINDS[Action.WITHDRAW]
    bulk_insert(
        session,
        Notification.__table__,  # type: ignore[arg-type]
        ("user_id", "kind", "params", "link", "created_at"),
        (
            (
                uid,
                kind,
                {"supplier": verified[sid], "fields": sorted(changes[sid])},
                links[tax],
                now,
            )
            for uid, sid, tax in staff
        ),
    )
    # E-mails too, once the import has committed (a rolled-back import tells no one).
    # Who and in which language are read now: after the commit this session reads no more.
    found = session.scalars(select(User).where(User.id.in_([u for u, _s, _t in staff])))
    recipients = {u.id: Recipient(u.id, u.email, u.locale, u.active) for u in found}
    mails = [
        (
            recipients[uid],
            kind,
            {"supplier": verified[sid], "fields": sorted(changes[sid])},
            links[tax],
        )
        for uid, sid, tax in staff
    ]
    on_commit(session, lambda: _mail_withdrawn(mails))
    return ids


@dataclass(frozen=True)
class Recipient:
    """What `notifications.services.mail` reads of a user (the id: their e-mail
    choices)."""

    id: int
    email: str
    locale: str | None
    active: bool


def _mail_withdrawn(mails: list[tuple[Recipient, str, dict[str, Any], str]]) -> None:
    from marketplace.notifications.services import mail

    for user, kind, params, link in mails:
        mail([user], kind, params, link)  # type: ignore[list-item]


def _sides(changed: Mapping[str, tuple[Any, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {c: o for c, (o, _n) in changed.items()}, {c: n for c, (_o, n) in changed.items()}
