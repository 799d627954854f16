"""The hash chain over audit events.

Each event's `hash` is the SHA-256 of its content and of the previous event's hash
(`prev_hash`), in chain order (`seq`, given when the event is hashed). Changing,
removing or inserting a row afterwards breaks the chain from that row on, which
`verify` reports. Hashes are assigned in the
writing transaction, after the rows are inserted, under one lock on PostgreSQL so
two transactions never chain onto the same predecessor (SQLite has one writer)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Table, bindparam, select, text, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from marketplace.audit.models import AuditEvent

# What the hash covers. Not actor_id: a deleted user sets it to null by design
# (actor_label keeps who it was).
HASHED = (
    "id",
    "created_at",
    "actor_label",
    "entity",
    "entity_id",
    "action",
    "before",
    "after",
    "note",
    "supplier_id",
)
_LOCK = 727_274_002  # pg_advisory_xact_lock key of audit writers
_TABLE: Table = AuditEvent.__table__  # type: ignore[assignment]


def link(row: Mapping[str, Any] | RowMapping, prev: str | None) -> str:
    """The hash of one event given its predecessor's."""
    data: dict[str, Any] = {k: row[k] for k in HASHED}
    created = data["created_at"]
    if isinstance(created, datetime):
        data["created_at"] = created.isoformat(timespec="microseconds")
    data["prev_hash"] = prev
    body = orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(body).hexdigest()


def lock(connection: Connection) -> None:
    """Hold the chain until the transaction ends (PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})


def chain_new(connection: Connection) -> int:
    """Hash this transaction's events (those without a hash), in id order, after the
    chain's last event; returns how many. Call with `lock` held: then every other
    event without a hash is invisible here (uncommitted) and the head is final."""
    columns = [_TABLE.c[k] for k in HASHED]
    pending = connection.execute(
        select(*columns).where(_TABLE.c.hash.is_(None)).order_by(_TABLE.c.id)
    ).mappings()
    rows = list(pending)
    if not rows:
        return 0
    head = connection.execute(
        select(_TABLE.c.seq, _TABLE.c.hash)
        .where(_TABLE.c.seq.is_not(None))
        .order_by(_TABLE.c.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (head[0], head[1]) if head is not None else (0, None)
    values = []
    for row in rows:
        seq += 1
        digest = link(row, prev)
        values.append({"row_id": row["id"], "s": seq, "p": prev, "h": digest})
        prev = digest
    connection.execute(
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("row_id"))
        .values(seq=bindparam("s"), prev_hash=bindparam("p"), hash=bindparam("h")),
        values,
    )
    return len(values)


@dataclass
class Verification:
    checked: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, limit: int = 100) -> Verification:
    """Recompute the chain from its first event; names up to `limit` broken events,
    and events that are outside the chain (no hash: added behind the application)."""
    out = Verification()
    prev: str | None = None
    expected_seq = 1
    for row in _rows(session, _TABLE.c.seq.is_not(None), _TABLE.c.seq):
        out.checked += 1
        if row["seq"] != expected_seq or row["prev_hash"] != prev:
            out.problems.append(
                (row["id"], "does not follow the event before it (an event was removed or added)")
            )
        elif link(row, prev) != row["hash"]:
            out.problems.append((row["id"], "was altered after it was recorded"))
        if len(out.problems) >= limit:
            return out
        prev = row["hash"]
        expected_seq = row["seq"] + 1
    for row in _rows(session, _TABLE.c.seq.is_(None), _TABLE.c.id):
        out.checked += 1
        out.problems.append((row["id"], "is outside the chain (added outside the application)"))
        if len(out.problems) >= limit:
            break
    return out


def _rows(session: Session, where: Any, order: Any) -> Iterator[RowMapping]:
    columns = [_TABLE.c[k] for k in (*HASHED, "seq", "prev_hash", "hash")]
    last: int | None = None
    while True:  # keyset pages: bounded memory at any size
        stmt = select(*columns).where(where).order_by(order).limit(5000)
        if last is not None:
            stmt = stmt.where(order > last)
        page = list(session.execute(stmt).mappings())
        if not page:
            return
        yield from page
        last = page[-1][order.key]
