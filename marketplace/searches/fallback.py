"""The database search that answers while the search index cannot (missing,
damaged, outdated, being rebuilt): the words of the query are matched in product
and supplier names as the index would match them, folded (`may ep bun` finds
`Máy ép bùn`) and in English (`sludge presses` finds `Sludge press`), with the
index's own query rules (search.ranking: synonyms, generic words, minimum match).

Names are folded in SQL: PostgreSQL's `translate`, and on SQLite the same mapping
as a function registered on the connection. No index helps a `LIKE '% word %'`:
a scan of the names, acceptable for the minute a rebuild takes."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, true
from sqlalchemy.orm import Session

from marketplace.pagination import count_rows
from search import ranking
from search.folding import fold_table
from search.stemming import english_stem

_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Characters folded one for one (translate() maps a character to at most one).
_FOLD_TABLE = fold_table()
_ONE_FOR_ONE = {chr(k): v for k, v in _FOLD_TABLE.items() if v and len(v) == 1}
_DROPPED = "".join(chr(k) for k, v in _FOLD_TABLE.items() if not v)  # combining marks
_FROM = "".join(_ONE_FOR_ONE) + _DROPPED
_TO = "".join(_ONE_FOR_ONE.values())
_SQLITE_FUNCTION = "marketplace_fold_words"


def fold_words(text: str | None) -> str:
    """` may ep bun ` for `Máy ép bùn,`: folded words between single spaces, with a
    space at each end so that `LIKE '% word %'` matches whole words."""
    folded = (text or "").translate(_FOLD_TABLE).lower()
    return f" {_NOT_WORD.sub(' ', folded).strip()} "


def _folded(session: Session, column: Any) -> ColumnElement[str]:
    """`fold_words(column)` in the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        letters = func.lower(func.translate(func.coalesce(column, ""), _FROM, _TO))
        words = func.btrim(func.regexp_replace(letters, "[^a-z0-9]+", " ", "g"))
        return literal(" ") + words + literal(" ")
    # Registered on the connection this session uses (cheap, idempotent): pooled
    # connections made before this module ran have it too.
    raw = session.connection().connection.dbapi_connection
    raw.create_function(_SQLITE_FUNCTION, 1, fold_words, deterministic=True)  # type: ignore[union-attr]
    return getattr(func, _SQLITE_FUNCTION)(column)


def _word_in(folded: ColumnElement[str], token: str) -> ColumnElement[bool]:
    return folded.contains(f" {token} ", autoescape=True)


def _alternative(
    names: list[ColumnElement[str]], english: list[ColumnElement[str]], tokens: tuple[str, ...]
) -> ColumnElement[bool]:
    """Every token in one of the names; an English word also as any word of an
    English name with its stem ("presses" finds "press", "filters" "filtering")."""
    conditions = []
    for tok in tokens:
        either = [_word_in(n, tok) for n in names]
        if not tok[0].isdigit():
            stem = english_stem(tok)
            either += [e.contains(f" {stem}", autoescape=True) for e in english]
        conditions.append(or_(*either))
    return and_(true(), *conditions)


def narrow(
    session: Session,
    stmt: Select[Any],
    text: str,
    names: list[Any],
    english: list[Any],
    then: tuple[Any, ...],
) -> tuple[Select[Any], list[str]]:
    """`stmt` narrowed to the rows whose names match `text` (the plan's minimum
    match, relaxed when that finds too few), most query words matched first, then
    in the order `then`; and the words set aside (purchase wording). `names` are
    the name columns, `english` those in English."""
    plan = ranking.plan(text)
    if not plan.slots:
        return (stmt if plan.empty else stmt.where(false())), plan.set_aside
    folded = {c: _folded(session, c) for c in names}
    folded_en = [folded[c] for c in english]
    slot_hits = [
        or_(*(_alternative(list(folded.values()), folded_en, alt.tokens) for alt in slot))
        for slot in plan.slots
    ]
    matched = sum((case((hit, 1), else_=0) for hit in slot_hits), literal(0))
    narrowed = stmt.where(matched >= plan.minmatch)
    if (relaxed := ranking.relax(plan, count_rows(session, narrowed))) is not None:
        narrowed = stmt.where(matched >= relaxed.minmatch)
    return narrowed.order_by(None).order_by(matched.desc(), *then), plan.set_aside
