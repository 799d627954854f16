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
CATEGORY_MARK = "%"  # leads a top category's term (search.intent.category_term)
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
    # `cond` is `filters AND hit`: the filter conditions, and what the words, place
    # or codes typed match ("" when nothing was typed).
    filters: str = "TRUE"
    hit: str = ""
    # Does `cond` or `score` read the terms? If not, the narrow rows answer
    # (search.postgres_narrow).
    reads_terms: bool = True

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
        if term.startswith(CATEGORY_MARK):
            # A document holds its top category's term exactly when its column says
            # so (search.fields.ident_terms): a comparison, not a tsvector lookup.
            params[f"x{i}"] = term.removeprefix(CATEGORY_MARK)
            holds = f"lower(top_category) = :x{i}"
        else:
            params[f"x{i}"] = quote(term)
            holds = f"terms @@ CAST(:x{i} AS tsquery)"
        score = f"{score} * CASE WHEN {holds} THEN {factor} ELSE 1 END"
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
    filtered = " AND ".join(where) or "TRUE"
    hit = "(" + " OR ".join(matches) + ")" if matches else ""
    if hit:
        where.append(hit)
    reads_terms = bool(plan.slots or plan.anchors) or any(
        not term.startswith(CATEGORY_MARK) for term, _f in plan.factors
    )
    return Match(" AND ".join(where) or "TRUE", score, params, filtered, hit, reads_terms)


def _facet_counts(source: str, pad: str = "") -> tuple[str, str]:
    """(a CTE `g`, a query over it) giving `facet, value, n` rows (then `pad`)
    that count every facet's values over `source`: one pass grouping by each facet
    column (hash tables side by side), certifications by their lists, which are
    few, then by each certification of a list."""
    cols = [n for n in F.FACETS if n != "cert"] + ["certs"]
    width = len(cols)
    # GROUPING(...) sets the bit of every column a row is not grouped by.
    names = " ".join(
        f"WHEN {2**width - 1 - 2 ** (width - 1 - i)} THEN '{n}'" for i, n in enumerate(cols[:-1])
    )
    certs_only = 2**width - 2
    sets = ", ".join(f"({c})" for c in cols)
    cte = (
        f"g AS (SELECT GROUPING({', '.join(cols)}) AS k, {', '.join(cols)}, count(*) AS n "  # nosec B608
        f"FROM {source} GROUP BY GROUPING SETS ({sets}))"
    )
    rows = (
        f"SELECT CASE k {names} END AS facet, COALESCE({', '.join(cols[:-1])}) AS value, "  # nosec B608
        f"n{pad} FROM g WHERE k <> {certs_only} "
        f"UNION ALL SELECT 'cert', c, sum(n){pad} FROM g, unnest(g.certs) c "
        f"WHERE k = {certs_only} GROUP BY c"
    )
    return cte, rows


def facets_sql(table: str, cond: str) -> str:
    """Every facet's value counts over the documents meeting `cond`, in one scan."""
    cte, rows = _facet_counts("m")
    return f"WITH m AS (SELECT * FROM {table} WHERE {cond}), {cte} {rows}"  # nosec B608


def _order(sort: str, empty: bool) -> str:
    """ORDER BY of a page: the sort's, then newest, then id."""
    order = ORDERS.get(sort, "score DESC" if not empty else "created DESC")
    return f'{order}, created DESC, id COLLATE "C"'


# A match holding a query word in a name (`:aq`, search.postgres_topk.head_tsquery).
HEAD = "terms @@ CAST(:aq AS tsquery)"


def page_sql(table: str, m: Match, sort: str, empty: bool, head: bool = False) -> str:
    """The first `:depth` matches in rank order (ties: newest, then id); with
    `head`, of the head matches only."""
    cond = f"{m.cond} AND {HEAD}" if head else m.cond
    return (
        f"SELECT id, supplier, name, {m.score} AS score FROM {table} "  # nosec B608
        f"WHERE {cond} ORDER BY {_order(sort, empty)} LIMIT :depth"
    )


# Columns of the facet rows after `facet, value, n` (typed: a UNION resolves its
# column types branch by branch).
_PAGE_NULLS = (
    ", NULL::text AS id, NULL::text AS supplier, NULL::text AS name, "
    "NULL::float8 AS score, NULL::bigint AS rank"
)


def page_and_facets_sql(
    table: str, m: Match, sort: str, empty: bool, complement: bool = False, head: bool = False
) -> str:
    """The facet counts (`facet, value, n`, then NULLs) and the page (as page_sql
    after NULL facet, value and n, with its `rank`) from one scan: testing `@@` on
    every wide row is most of a broad query's cost, so it is paid once.

    With `complement`, the facets are counted over the documents meeting the
    filters that the query does NOT match: for a broad query a few rows instead of
    most of the table (the caller subtracts them from the filters' counts).
    With `head`, only the head matches are scored and ranked (see page_sql)."""
    cols = ", ".join(n for n in F.FACETS if n != "cert")
    keep = f"local_content, price, created, {cols}, certs"
    order = _order(sort, empty)
    if complement:
        # A match is a row with a score (never NULL): `hit` is tested once a row,
        # in one scan that workers can share. With `head`, the other matches are
        # left out of the scan's rows: they are neither counted nor ranked.
        kept = f" AND (({m.hit}) IS NOT TRUE OR {HEAD})" if head else ""
        scan = (
            f"m AS MATERIALIZED (SELECT id, supplier, name, "  # nosec B608
            f"CASE WHEN {m.hit} THEN {m.score} END AS score, {keep} "
            f"FROM {table} WHERE {m.filters}{kept})"
        )
        counted = "(SELECT * FROM m WHERE score IS NULL) missed"
        ranked = "m WHERE score IS NOT NULL"
    else:
        score = f"CASE WHEN {HEAD} THEN {m.score} END" if head else m.score
        scan = (
            f"m AS MATERIALIZED (SELECT id, supplier, name, {score} AS score, {keep} "  # nosec B608
            f"FROM {table} WHERE {m.cond})"
        )
        counted, ranked = "m", "m WHERE score IS NOT NULL" if head else "m"
    cte, rows = _facet_counts(counted, pad=_PAGE_NULLS)
    return (
        f"WITH {scan}, {cte} {rows} UNION ALL "  # nosec B608
        "SELECT NULL, NULL, NULL, id, supplier, name, score::float8, "
        f"row_number() OVER (ORDER BY {order}) FROM "
        f"(SELECT * FROM {ranked} ORDER BY {order} LIMIT :depth) top"
    )


def known_sql(table: str, head: int | None = None) -> str:
    """Does a document of type `:kind` hold term `:q`? Among the first `head` rows
    of the table only, when given."""
    rows = table
    if head is not None:  # the table name is the backend's own setting, never user input
        rows = f"(SELECT terms, type FROM {table} LIMIT {int(head)}) s"  # nosec B608
    return (
        f"SELECT EXISTS (SELECT 1 FROM {rows} "  # nosec B608
        "WHERE terms @@ CAST(:q AS tsquery) AND type = :kind)"
    )


def places_sql(table: str) -> str:
    """The distinct (province, commune) pairs of the documents, read from the
    places index one pair after another (a few hundred index probes, where
    DISTINCT would read every wide row)."""
    first = f"SELECT province, commune FROM {table} ORDER BY province, commune LIMIT 1"  # nosec B608
    after = (
        f"SELECT province, commune FROM {table} t "  # nosec B608
        "WHERE (t.province, t.commune) > (p.province, p.commune) "
        "ORDER BY province, commune LIMIT 1"
    )
    return (
        f"WITH RECURSIVE p (province, commune) AS (({first}) UNION ALL "  # nosec B608 - built above from the backend's table name
        f"SELECT n.province, n.commune FROM p, LATERAL ({after}) n) SELECT * FROM p"
    )


def estimate_sql(table: str, cond: str) -> str:
    """The planner's estimate of the rows meeting `cond` (EXPLAIN, nothing run)."""
    return f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE {cond}"  # nosec B608
