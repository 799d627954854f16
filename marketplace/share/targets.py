"""The 2030 bands: which is in force for a year, and officials setting a new one.
Rows are never changed or deleted; a new row takes over from its year on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.categories.models import Category, Target
from marketplace.errors import InvalidInput
from marketplace.share.fields import YEAR_MIN

PLAN_END = 2030


@dataclass(frozen=True)
class Band:
    min_pct: Decimal
    max_pct: Decimal | None  # None: a minimum only (MON's 20%)
    since: int  # the year it took effect

    @property
    def min_share(self) -> Decimal:
        return self.min_pct / 100

    @property
    def max_share(self) -> Decimal | None:
        return None if self.max_pct is None else self.max_pct / 100


def list_targets(session: Session) -> list[Target]:
    """Every band ever set, oldest first (the history)."""
    return list(
        session.scalars(
            select(Target).order_by(Target.category_code, Target.effective_from, Target.id)
        )
    )


def bands_for(targets: Iterable[Target], year: int) -> dict[str, Band]:
    """The band in force in `year` per category: the latest set among those that took
    effect by then (of two for the same year, the one set last)."""
    out: dict[str, tuple[tuple[date, int], Band]] = {}
    for t in targets:
        if t.effective_from.year > year:
            continue
        order = (t.effective_from, t.id)
        if t.category_code not in out or out[t.category_code][0] < order:
            band = Band(Decimal(t.min_pct), _opt(t.max_pct), t.effective_from.year)
            out[t.category_code] = (order, band)
    return {code: band for code, (_o, band) in out.items()}


def _opt(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def target_errors(
    session: Session,
    category_code: str,
    min_pct: Decimal | None,
    max_pct: Decimal | None,
    effective_year: int | None,
    reason: str,
) -> dict[str, str]:
    """What is wrong with a band, per field; a None value was already refused for its
    form (not a number) and is not checked again."""
    errors: dict[str, str] = {}
    category = session.get(Category, category_code)
    if category is None or category.parent_code is not None:
        errors["category_code"] = _("Choose one of the eight top-level categories.")
    if min_pct is not None and not 0 <= min_pct <= 100:
        errors["min_pct"] = _("The lower bound must be between 0 and 100.")
    if max_pct is not None and min_pct is not None and not min_pct <= max_pct <= 100:
        errors["max_pct"] = _("The upper bound must be between the lower bound and 100.")
    if effective_year is not None and not YEAR_MIN <= effective_year <= PLAN_END:
        errors["effective_year"] = _(
            "The year must be between %(lo)d and %(hi)d.", lo=YEAR_MIN, hi=PLAN_END
        )
    if not reason.strip():
        errors["reason"] = _("Say why the target changes (e.g. the decision that changed it).")
    return errors


def set_target(
    session: Session,
    actor: User,
    category_code: str,
    min_pct: Decimal,
    max_pct: Decimal | None,
    effective_year: int,
    reason: str,
) -> Target:
    """Put a new band in force for a top-level category from `effective_year` on.
    Officials only (Forbidden); InvalidInput naming the field for a bad band, year or
    a missing reason. The earlier bands stay as history."""
    permissions.require_official(actor)
    errors = target_errors(session, category_code, min_pct, max_pct, effective_year, reason)
    if errors:
        raise InvalidInput(_("The target was not saved."), errors)
    before = bands_for(list_targets(session), effective_year).get(category_code)
    target = Target(
        category_code=category_code,
        min_pct=min_pct,
        max_pct=max_pct,
        effective_from=date(effective_year, 1, 1),
        set_by=actor.email,
        set_by_id=actor.id,
        reason=reason.strip(),
    )
    session.add(target)
    session.flush()
    audit.record(
        session,
        actor,
        "target",
        category_code,
        "created",
        before=_band_values(before) if before else None,
        after={"min_pct": min_pct, "max_pct": max_pct, "effective_year": effective_year},
        note=target.reason,
    )
    session.commit()
    return target


def _band_values(band: Band) -> dict[str, object]:
    return {"min_pct": band.min_pct, "max_pct": band.max_pct, "effective_year": band.since}
