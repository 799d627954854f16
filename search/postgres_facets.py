"""Reading a PostgreSQL search's page and facet counts (the SQL is built in
search.postgres_queries): from the matches, or, for a query matching most of its
type, from the documents it does not match, subtracted from the type's counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Row

from search import fields as F
from search import postgres_queries as Q
from search import ranking

Counts = dict[str, dict[str, int]]


def page_and_facets(
    conn: Connection,
    table: str,
    m: Q.Match,
    sort: str,
    empty: bool,
    params: dict[str, object],
    whole: Counts | None,
    head: bool = False,
) -> tuple[list[Row[Any]], Counts]:
    """The page's rows in rank order and the facet counts, from one statement;
    with `whole` (the counts of every document meeting the filters), the facets
    of the documents not matched are counted, and subtracted from it. With `head`,
    the page of the head matches (postgres_queries.page_and_facets_sql)."""
    sql = Q.page_and_facets_sql(table, m, sort, empty, complement=whole is not None, head=head)
    counted: Counts = {name: {} for name in F.FACETS}
    found = []
    for r in conn.execute(text(sql), params):
        if r.id is not None:
            found.append(r)
        elif r.value:
            counted[r.facet][r.value] = int(r.n)
    found.sort(key=lambda r: r.rank)
    if whole is not None:
        counted = {
            name: {
                v: n - missed for v, n in values.items() if n - (missed := counted[name].get(v, 0))
            }
            for name, values in whole.items()
        }
    return found, {k: ranking.facet_order(v) for k, v in counted.items()}


def estimate(conn: Connection, table: str, cond: str, params: dict[str, object]) -> float:
    """The planner's estimate of the documents meeting `cond`."""
    plan = conn.execute(text(Q.estimate_sql(table, cond)), params).scalar_one()
    return float(plan[0]["Plan"]["Plan Rows"])


def broad(conn: Connection, table: str, m: Q.Match, share: float) -> bool:
    """Do the planner's estimates say that `m` matches more than `share` of the
    documents meeting its filters?"""
    matched, filtered = (estimate(conn, table, c, m.params) for c in (m.cond, m.filters))
    return matched > share * filtered


def filtered_counts(conn: Connection, table: str, m: Q.Match) -> Counts:
    """The facet counts of every document meeting `m`'s filters."""
    counts: Counts = {name: {} for name in F.FACETS}
    for facet, value, n in conn.execute(text(Q.facets_sql(table, m.filters)), m.params):
        if value:
            counts[facet][value] = int(n)
    return counts
