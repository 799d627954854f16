"""SQL of the PostgreSQL backend's searches, built from the ranking plan shared by
every backend: tsquery expressions for the slots, the score and coordination
expression, filter conditions, the facet counts and the page."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from search import fields as F
from search import ranking
from search.postgres_rows import RANK_WEIGHTS, quote
from search.stemming import query_stems

MAX_COMBINATIONS = 64
# ORDER BY of each sort; relevance sorts by score (or newest, without words).
ORDERS = {
    "local_content": "local_content DESC NULLS LAST, score DESC",
    "price": "price ASC NULLS LAST, score DESC",
    "newest": "created DESC",
}


def _any(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _all(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def slot_tsqueries(plan: ranking.Plan) -> list[str]:
    """One tsquery a slot: any of its alternatives, each with all its words (a word
    or its English stem)."""
    slot_qs = []
    for slot in plan.slots:
        alts = []
        for alt in slot:
            words = []
            for tok, stem in zip(alt.tokens, query_stems(alt.tokens), strict=True):
                terms = [quote(tok)] + ([quote(f"~{stem}")] if stem else [])
                words.append(_any(terms))
            alts.append(_all(words))
        slot_qs.append(_any(alts))
    return slot_qs


def match_tsquery(plan: ranking.Plan) -> str:
    """A tsquery true for documents satisfying `minmatch` of the plan's slots."""
    slot_qs = slot_tsqueries(plan)
    k = plan.minmatch
    combos = list(itertools.islice(itertools.combinations(slot_qs, k), MAX_COMBINATIONS + 1))
    if k == len(slot_qs) or len(combos) > MAX_COMBINATIONS:
        return _all(slot_qs)
    return _any([_all(list(c)) for c in combos])


def rank_tsquery(plan: ranking.Plan) -> str:
    """Every term that adds to the score: words, stems, bigrams, exact spellings."""
    return " | ".join(quote(t) for t in sorted(plan.terms()))


def filter_conditions(filters: dict[str, str], params: dict[str, object]) -> list[str]:
    """SQL conditions of the facet filters (their values added to `params`)."""
    where = []
    for i, (name, value) in enumerate(sorted(filters.items())):
        key = f"f{i}"
        params[key] = value
        if name == "category":
            where.append(f"(category = :{key} OR top_category = :{key})")
        elif name == "cert":
            where.append(f":{key} = ANY(certs)")
        else:
            where.append(f"{name} = :{key}")
    return where


@dataclass
class Match:
    """The documents a plan matches under some filters, and their score."""

    cond: str
    score: str
    params: dict[str, object] = field(default_factory=dict)

    def facet_key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What the facet counts depend on (not the rank query)."""
        return self.cond, tuple(sorted((k, str(v)) for k, v in self.params.items() if k != "rq"))


def match(plan: ranking.Plan, filters: dict[str, str]) -> Match:
    params: dict[str, object] = {}
    where = filter_conditions(filters, params)
    score = "0.0"
    if plan.slots:
        params["mq"] = match_tsquery(plan)
        params["rq"] = rank_tsquery(plan)
        score = f"ts_rank(CAST('{RANK_WEIGHTS}' AS real[]), terms, CAST(:rq AS tsquery)) * quality"
    # Coordination, as in every backend: the share of the query's slots (and of
    # the place it names) that a document satisfies. Only computed where it can
    # differ between matches: a minimum match below all, or a place.
    counted = []
    if plan.slots and (plan.minmatch < len(plan.slots) or plan.places):
        for i, slot_q in enumerate(slot_tsqueries(plan)):
            params[f"s{i}"] = slot_q
            counted.append(f"(terms @@ CAST(:s{i} AS tsquery))::int")
    here = ""
    if plan.places:
        params["pp"] = [v for c, v in plan.places if c == "province"]
        params["pc"] = [v for c, v in plan.places if c == "commune"]
        here = "(province = ANY(:pp) OR (commune <> '' AND commune = ANY(:pc)))"
        score = f"({score} + 0.01) * CASE WHEN {here} THEN {ranking.PLACE_BOOST} ELSE 1 END"
        counted.append(f"({here})::int")
    if len(counted) > 1:
        share = f"({' + '.join(counted)})::real / {len(counted)}"
        score = f"{score} * power({share}, {ranking.COORD_POWER})"
    for i, (term, factor) in enumerate(plan.factors):
        params[f"x{i}"] = quote(term)
        score = f"{score} * CASE WHEN terms @@ CAST(:x{i} AS tsquery) THEN {factor} ELSE 1 END"
    matches = []
    if plan.slots:
        matches.append("terms @@ CAST(:mq AS tsquery)")
    elif plan.places:
        matches.append(here)  # only a place typed: its suppliers' products
    if plan.anchors:
        # A code or registered name typed: its documents match whatever the words do.
        params["aq"] = _any([quote(t) for t in plan.anchors])
        anchored = "terms @@ CAST(:aq AS tsquery)"
        score = f"{score} + CASE WHEN {anchored} THEN {ranking.ANCHOR_SCORE} ELSE 0 END"
        matches.append(anchored)
    if matches:
        where.append("(" + " OR ".join(matches) + ")")
    return Match(" AND ".join(where) or "TRUE", score, params)


def facets_sql(table: str, cond: str) -> str:
    """Every facet's value counts over the documents meeting `cond`, in one scan."""
    parts = [
        f"SELECT '{name}' AS facet, {name} AS value, count(*) AS n FROM m GROUP BY {name}"  # nosec B608
        for name in F.FACETS
        if name != "cert"
    ]
    parts.append("SELECT 'cert', c, count(*) FROM m, unnest(m.certs) c GROUP BY c")
    cols = ", ".join(n for n in F.FACETS if n != "cert")
    return (
        f"WITH m AS MATERIALIZED (SELECT {cols}, certs FROM {table} WHERE {cond}) "  # nosec B608
        + " UNION ALL ".join(parts)
    )


def page_sql(table: str, m: Match, sort: str, empty: bool) -> str:
    """The first `:depth` matches in rank order (ties: newest, then id)."""
    order = ORDERS.get(sort, "score DESC" if not empty else "created DESC")
    return (
        f"SELECT id, supplier, name, {m.score} AS score FROM {table} "  # nosec B608
        f'WHERE {m.cond} ORDER BY {order}, created DESC, id COLLATE "C" LIMIT :depth'
    )
