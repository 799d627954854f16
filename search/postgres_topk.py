"""Ranking only the matches that can reach a page, exactly.

ts_rank over an OR query (PostgreSQL's calc_rank_or, default normalisation) is a
sum over the query's terms a document holds, divided by the number of terms: a
term contributes (wmax + sum_j w_j/(j+1)^2 - wmax/(jmax+1)^2) / 1.6449 for the
weights w_j of its positions in order, jmax the first position of the greatest
weight wmax (sum of 1/(j+1)^2 = pi^2/6 = 1.6449). That is at most wmax when the
first position weighs most, but more when lighter positions come first: a word in
a specification (C) and then in the supplier's name (B) adds 0.505 where B weighs
0.5 (see `most`). A document holding none of the query's words in weight class A (a
name) therefore scores below a bound worked out from the other classes the terms
can come from, the greatest quality and the factors.

A broad query (thousands of matches) scores only its "head" matches, those holding
a query word in a name: a cheap `@@` test where ts_rank and the factor tests cost
several times more a row, with tens of terms. When the page's last head match
scores at least the bound, no other match can enter the page and the page is the
one ranking every match gives (same scores, same order); otherwise the page is
ranked again from every match (postgres_queries.page_sql without the head test).
The facet counts are counted from every match (or the complement) as before.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Row

from search import postgres_facets as facet_reads
from search import postgres_queries as Q
from search import ranking
from search.base import Query
from search.lru import LRU
from search.postgres_rows import CLASSES, RANK_WEIGHTS, quote

HEAD = "A"  # the weight class of names (postgres_rows.CLASSES)
# Matches (the planner's estimate) from which only the head matches are ranked: below,
# ranking all costs little, and the bound's own statements would add to it.
HEAD_MIN = 5000
# Which fields each shape of term comes from (search.fields.field_terms): English
# stems, words with their diacritics, codes and names, a name's syllable pairs;
# other terms are words (or numbers) of any text field.
_SOURCES: dict[str, tuple[str, ...]] = {
    "~": ("en",),
    "=": ("name_exact", "text_exact"),
    "#": ("ident",),
    "@": ("ident",),
    "%": ("ident",),
    "_": ("name_bi",),
}
_WORDS = ("name", "cat_text", "specs", "body", "supplier")
_WEIGHTS = dict(zip("DCBA", (float(w) for w in RANK_WEIGHTS.strip("{}").split(",")), strict=True))
# Rows at the head of the table tried before the index (as PostgresBackend._known).
PROBE = 64
# The sum is computed in single precision: the bound is raised by far more than its
# rounding can add.
_SLACK = 1e-3


def sources(term: str) -> tuple[str, ...]:
    """The fields a document's `term` can come from."""
    if term[0] in _SOURCES:
        return _SOURCES[term[0]]
    return _SOURCES["_"] if "_" in term else _WORDS


# PostgreSQL keeps at most this many positions of a lexeme (MAXNUMPOS).
MAX_POSITIONS = 256
_ZETA2 = math.pi**2 / 6


def most(heaviest: float, lighter: float | None) -> float:
    """The most a term adds to ts_rank's sum when none of its positions weighs more
    than `heaviest` and any lighter one weighs at most `lighter` (None: all weigh
    the same). With the first heaviest position at index k, the lighter positions
    before it and heaviest ones after it give
    (w + lighter * S(k) + w * (pi^2/6 - S(k) - 1/(k+1)^2)) / (pi^2/6), S(k) the sum
    of 1/(j+1)^2 for j < k; the greatest over every k a lexeme can have."""
    best = heaviest  # k = 0: every position at most as heavy as the first
    if lighter is None:
        return best
    before = 0.0  # S(k)
    for k in range(1, MAX_POSITIONS):
        before += 1 / k**2
        after = _ZETA2 - before - 1 / (k + 1) ** 2
        best = max(best, (heaviest + lighter * before + heaviest * after) / _ZETA2)
    return best


def cap(term: str) -> float:
    """The most `term` adds to ts_rank's sum in a document holding it in no name,
    from the weights of the other classes it can come from (0 for name-only terms:
    a document holding one holds it in a name). More than the heaviest weight when
    a lighter class can come first (see `most`)."""
    weights = sorted(
        {_WEIGHTS[CLASSES[f]] for f in sources(term) if CLASSES[f] != HEAD}, reverse=True
    )
    if not weights:
        return 0.0
    return most(weights[0], weights[1] if len(weights) > 1 else None)


def head_tsquery(plan: ranking.Plan) -> str:
    """True for a document holding one of `plan`'s terms in a name."""
    return " | ".join(
        f"{quote(t)}:{HEAD}"
        for t in sorted(plan.terms())
        if any(CLASSES[f] == HEAD for f in sources(t))
    )


def eligible(query: Query, plan: ranking.Plan) -> bool:
    """Ranked by relevance from words alone: a place or a code adds to the score
    in ways the bound does not follow (and such queries match few documents)."""
    return (
        query.sort == "relevance"
        and bool(plan.slots)
        and not plan.places
        and not plan.anchors
        and bool(head_tsquery(plan))
    )


def bound(plan: ranking.Plan, present: set[str], quality: float) -> float:
    """More than any match holding none of `plan`'s terms in a name can score, when
    only the terms in `present` are held by any document and `quality` is the
    greatest quality."""
    terms = plan.terms()
    rank = sum(cap(t) for t in terms if t in present) / len(terms)
    factor = 1.0
    for term, f in plan.factors:
        # A name-only term's holders are head matches: its factor never reaches others.
        if f > 1 and (term.startswith(Q.CATEGORY_MARK) or cap(term) > 0):
            factor *= f
    # Coordination multiplies by a share of at most 1.
    assert ranking.COORD_POWER > 0  # nosec B101 - the bound relies on it
    return rank * quality * factor * (1 + _SLACK)


def present_terms(
    conn: Connection, table: str, terms: list[str], seen: LRU[bool], generation: int
) -> set[str]:
    """Which of `terms` some document holds (of any type: a superset of those the
    query's type holds, so the bound stays above the scores). The first rows of the
    table hold the common terms, the text index finds the others (see
    PostgresBackend._known for why not one query); `seen` keeps the answers for
    the generation (a statistic of the table, like its vocabulary: a rare term held
    by thousands of suppliers costs milliseconds to find in the index)."""
    known = {t: seen.get((generation, t)) for t in terms}
    quoted = {quote(t): t for t, held in known.items() if held is None}
    found: set[str] = set()
    if quoted:
        head = (
            f"SELECT DISTINCT t FROM (SELECT terms FROM {table} LIMIT {PROBE}) s, "  # nosec B608
            "unnest(CAST(:ts AS text[])) t WHERE terms @@ CAST(t AS tsquery)"
        )
        found = set(conn.scalars(text(head), {"ts": list(quoted)}))
    if rest := [q for q in quoted if q not in found]:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        try:
            indexed = (
                "SELECT t FROM unnest(CAST(:ts AS text[])) t WHERE EXISTS "  # nosec B608
                f"(SELECT 1 FROM {table} WHERE terms @@ CAST(t AS tsquery))"
            )
            found |= set(conn.scalars(text(indexed), {"ts": rest}))
        finally:
            conn.execute(text("RESET enable_seqscan"))
    for q, t in quoted.items():
        known[t] = q in found
        seen.put((generation, t), q in found)
    return {t for t, held in known.items() if held}


def page_bound(
    conn: Connection, table: str, plan: ranking.Plan, seen: LRU[bool], generation: int
) -> float:
    """`bound` for `plan` over the documents of `table` now."""
    quality = conn.scalar(text(f"SELECT max(quality) FROM {table}"))  # nosec B608
    if quality is None:
        return 0.0
    terms = sorted(t for t in plan.terms() if cap(t) > 0)
    return bound(plan, present_terms(conn, table, terms, seen, generation), float(quality))


def holds_page(found: list[Row[Any]], total: int, params: dict[str, object], limit: float) -> bool:
    """Is `found` (the head matches' page, in rank order, `params["depth"]` long at
    most) the page of every match (`total`)? Yes when its last match scores at
    least `limit` (every other match scores less), or when it holds every match."""
    depth = int(params["depth"])  # type: ignore[call-overload]
    if len(found) >= depth:
        return math.isfinite(limit) and float(found[depth - 1].score) >= limit
    return len(found) == total


def use_head(
    conn: Connection,
    table: str,
    m: Q.Match,
    query: Query,
    plan: ranking.Plan,
    params: dict[str, object],
) -> bool:
    """Rank only the head matches of `m`? Then their test's parameter is added to
    `params`."""
    if not eligible(query, plan) or facet_reads.estimate(conn, table, m.cond, m.params) < HEAD_MIN:
        return False
    params["aq"] = head_tsquery(plan)
    return True
