"""Likely duplicate suppliers: pairs that share a phone number, an e-mail address or a
website, or whose names are alike once folded and stripped of legal-form words.

Names are compared with rapidfuzz's `ratio` on the words sorted (word order does not
matter), with `process.cdist` and a score cut-off, within blocks (see similar_names)
instead of every name against every other: 13,500 suppliers take about a second on
two cores (bench/quality_bench.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit.services import record
from marketplace.errors import InvalidInput, NotFound
from marketplace.pagination import Page
from marketplace.products.models import Product
from marketplace.quality.models import DuplicateDismissal, SupplierMerge
from marketplace.quality.normalize import email_key, name_core, phone_key, website_key
from marketplace.suppliers.models import Supplier

NAME_CUTOFF = 88  # ratio (0-100) from which two names count as alike
# A contact shared by more suppliers than this is a placeholder or a group's
# switchboard, not evidence (and would make thousands of pairs).
GROUP_LIMIT = 30
# What each kind of evidence adds to a pair's score (capped at 100).
CONTACT_POINTS = {"email": 40, "phone": 35, "website": 30}
NAME_WEIGHT = 0.6
KEY_WORDS = 2  # a name's rarest words that decide which names it is compared with


@dataclass
class Candidate:
    low_id: int
    high_id: int
    reasons: dict[str, float] = field(default_factory=dict)  # reason -> its own score

    @property
    def score(self) -> int:
        points: float = sum(CONTACT_POINTS[r] for r in self.reasons if r in CONTACT_POINTS)
        if "name" in self.reasons:
            points += NAME_WEIGHT * self.reasons["name"]
        return min(100, round(points))


def _pairs_sharing(keys: dict[int, str | None]) -> Iterable[tuple[int, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for sid, key in keys.items():
        if key:
            groups[key].append(sid)
    for ids in groups.values():
        if 1 < len(ids) <= GROUP_LIMIT:
            ids.sort()
            for i, low in enumerate(ids):
                for high in ids[i + 1 :]:
                    yield low, high


def similar_names(
    names: dict[int, str], cutoff: int = NAME_CUTOFF
) -> Iterable[tuple[int, int, float]]:
    """(low id, high id, ratio) of pairs of names at or above `cutoff`.

    Blocking: each name is compared only with the names that contain one of its two
    rarest words (the distinctive part of a company name: two records of one company
    share it even when a typo spoils another word), in one `cdist` per word."""
    by_core: dict[str, list[int]] = defaultdict(list)
    for sid, name in names.items():
        core = " ".join(sorted(name_core(name).split()))
        if core:
            by_core[core].append(sid)
    for ids in by_core.values():  # the same core: alike without computing anything
        yield from ((a, b, 100.0) for a, b in _all_pairs(ids))
    cores = list(by_core)
    holders: dict[str, list[int]] = defaultdict(list)  # word -> cores containing it
    for index, core in enumerate(cores):
        for word in set(core.split()):
            holders[word].append(index)
    keyed: dict[str, list[int]] = defaultdict(list)  # word -> cores it is a key of
    for index, core in enumerate(cores):
        for word in sorted(set(core.split()), key=lambda w: (len(holders[w]), w))[:KEY_WORDS]:
            keyed[word].append(index)
    seen: set[tuple[int, int]] = set()
    for word, queries in keyed.items():
        choices = holders[word]
        if len(choices) < 2:
            continue
        scores = process.cdist(
            [cores[i] for i in queries],
            [cores[j] for j in choices],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            dtype=np.uint8,
            workers=-1,
        )
        for qi, cj in zip(*np.nonzero(scores), strict=True):
            a, b = queries[qi], choices[cj]
            pair = (min(a, b), max(a, b))
            if a == b or pair in seen:
                continue
            seen.add(pair)
            score = float(scores[qi, cj])
            for x in by_core[cores[a]]:
                for y in by_core[cores[b]]:
                    yield min(x, y), max(x, y), score


def _all_pairs(ids: list[int]) -> Iterable[tuple[int, int]]:
    ids = sorted(ids)
    for i, low in enumerate(ids):
        for high in ids[i + 1 :]:
            yield low, high


def find_candidates(
    rows: Iterable[tuple[int, str, str | None, str | None, str | None]],
) -> list[Candidate]:
    """Pairs from (id, name, phone, email, website) rows, best score first."""
    names: dict[int, str] = {}
    keys: dict[str, dict[int, str | None]] = {"phone": {}, "email": {}, "website": {}}
    normalisers: dict[str, Callable[[str | None], str | None]] = {
        "phone": phone_key,
        "email": email_key,
        "website": website_key,
    }
    for sid, name, phone, email, website in rows:
        names[sid] = name
        for kind, raw in (("phone", phone), ("email", email), ("website", website)):
            keys[kind][sid] = normalisers[kind](raw)
    found: dict[tuple[int, int], Candidate] = {}

    def add(low: int, high: int, reason: str, score: float) -> None:
        pair = found.setdefault((low, high), Candidate(low, high))
        pair.reasons[reason] = max(score, pair.reasons.get(reason, 0.0))

    for kind, values in keys.items():
        for low, high in _pairs_sharing(values):
            add(low, high, kind, 100.0)
    for low, high, score in similar_names(names):
        add(low, high, "name", score)
    return sorted(found.values(), key=lambda c: (-c.score, c.low_id, c.high_id))


def list_candidates(session: Session) -> list[Candidate]:
    """Likely duplicates among the suppliers not merged away, less the pairs officials
    dismissed; best score first."""
    merged = select(SupplierMerge.merged_id).where(SupplierMerge.undone_at.is_(None))
    rows = session.execute(
        select(Supplier.id, Supplier.name, Supplier.phone, Supplier.email, Supplier.website).where(
            Supplier.id.not_in(merged)
        )
    ).tuples()
    dismissed = set(session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)))
    return [c for c in find_candidates(rows) if (c.low_id, c.high_id) not in dismissed]


@dataclass
class Review:
    """One page of candidate pairs with the suppliers they name."""

    page: Page[Candidate]
    suppliers: dict[int, Supplier]
    products: dict[int, int]  # supplier id -> products listed


def review_page(session: Session, page: int, per_page: int = 20) -> Review:
    candidates = list_candidates(session)
    page = min(max(1, page), max(1, -(-len(candidates) // per_page)))
    shown = candidates[(page - 1) * per_page : page * per_page]
    ids = {i for c in shown for i in (c.low_id, c.high_id)}
    suppliers = {s.id: s for s in session.scalars(select(Supplier).where(Supplier.id.in_(ids)))}
    counts = dict(
        session.execute(
            select(Product.supplier_id, func.count(Product.id))
            .where(Product.supplier_id.in_(ids))
            .group_by(Product.supplier_id)
        )
        .tuples()
        .all()
    )
    return Review(Page(shown, page, per_page, len(candidates)), suppliers, counts)


def dismiss_pair(session: Session, actor: User, first: int, second: int) -> None:
    """Remember that two suppliers are not duplicates (an official's decision; audited).
    Raises Forbidden, NotFound, InvalidInput (the same supplier twice)."""
    permissions.require_official(actor)
    low, high = sorted((first, second))
    if low == high:
        raise InvalidInput(_("Choose two different suppliers."))
    found = session.scalars(select(Supplier.tax_code).where(Supplier.id.in_((low, high)))).all()
    if len(found) != 2:
        raise NotFound(_("One of the two suppliers no longer exists."))
    exists = session.scalar(
        select(DuplicateDismissal.id).where(
            DuplicateDismissal.low_id == low, DuplicateDismissal.high_id == high
        )
    )
    if exists is None:
        session.add(DuplicateDismissal(low_id=low, high_id=high, actor_id=actor.id))
        record(
            session,
            actor,
            "supplier",
            low,
            "not_duplicate",
            after={"other": high, "tax_codes": found},
        )
    session.commit()
