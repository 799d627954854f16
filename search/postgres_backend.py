"""PostgreSQL full-text search backend, for deployments with several web nodes or an
ephemeral disk: every node reads and writes the same table, in transactions.

Text is analysed in Python by search.analysis (the same tokens as the Whoosh
backend) and stored as a ready-made `tsvector` (search.postgres_rows): each token
carries the weight class of the field it came from. Queries are `tsquery`
expressions built from the same ranking plan (search.postgres_queries); facets are
counted by one grouped query over the matches.

Profiling at 100k products (backend CPU, terms kept in the rows: see
postgres_schema.TOAST_TARGET): a broad query (`thiết bị`, `xử lý nước thải`: 30-92k
matches) costs 80 ms to read the wide rows, 25-80 ms to test `@@` on every one,
`ts_rank` 1-8 µs a match (with 9 to 30 query terms) and the facet hashing about
1 µs a match. So the page and the facets come from one scan of the matches
(postgres_queries.page_and_facets_sql), the category factors read the
`top_category` column, a query matching most of its type counts its facets over
the documents it does not match and subtracts them from the type's counts (kept
per generation), and a query with thousands of matches ranks only those holding
one of its words in a name when a bound proves the others cannot reach the page
(postgres_topk). A search reading no terms (filters, a sort, a place alone), and
the counts of a whole type, read the narrow rows instead: every column but the
terms, 20 MB where the documents are 300 MB (postgres_narrow). Reading and testing
every row remains for broad text queries, so answers are also
cached per node and keyed by the index generation, a counter that a statement
trigger on the table raises with every change (by this backend or anyone else): a
write is visible to the next search on every node, and until then the head
queries buyers repeat cost a lookup.

The tables belong to the migrations (see search.postgres_schema); a database
without them is reported, not silently completed.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from search import fields as F
from search import places, ranking, register, spelling
from search import postgres_check as check
from search import postgres_facets as facet_reads
from search import postgres_narrow as narrow
from search import postgres_queries as Q
from search import postgres_rebuild as rebuilding
from search import postgres_rows as rows
from search import postgres_schema as schema
from search import postgres_topk as topk
from search.base import Document, Drift, Hit, IndexUnavailable, Query, Results, chunked
from search.lru import LRU
from search.ticker import Idle

log = logging.getLogger(__name__)
TABLE = schema.TABLE
CACHE_ENTRIES = 512
# A query matching more than this share of its type's documents counts its facets
# from the documents it does not match.
BROAD = 0.5
WORK_MEM = "64MB"
PARALLEL_TUPLE_COST = 0.001  # per search transaction (SET LOCAL), for the matches of broad queries
# Rows at the head of the table tried before the index when checking a term exists.
KNOWN_PROBE = 64


_URL = re.compile(r"^postgres(ql)?(\+\w+)?://")


class PostgresBackend:
    def __init__(self, url: str, table: str = TABLE) -> None:
        url = _URL.sub("postgresql+psycopg://", url)
        self.table = table
        self.terms_table, self.state_table = schema.names(table)
        self.narrow_table = narrow.name(table)
        self.engine: Engine = create_engine(url, pool_pre_ping=True, pool_size=5)
        self._trgm = False
        # Place names of the indexed suppliers, for the generation they were read at.
        self._place_cache: tuple[int, dict[str, list[tuple[str, str]]]] | None = None
        self._ready = False
        self._lock = threading.Lock()
        # Whole answers, and facet counts alone (shared by the pages and sorts of
        # one query); set `.size = 0` to measure uncached queries.
        # Keyed by the generation they were computed at; emptied when it changes.
        self.results_cache: LRU[Results] = LRU(CACHE_ENTRIES)
        self.facet_cache: LRU[dict[str, dict[str, int]]] = LRU(CACHE_ENTRIES)
        # Facet counts of a whole type, for the generation (see _catalogue): a
        # statistic of the table like the vocabulary, not an answer.
        self.catalogue_cache: LRU[dict[str, dict[str, int]]] = LRU(8)
        # Whether any document holds a term, for the generation (postgres_topk).
        self.term_cache: LRU[bool] = LRU(4096)
        # Queries whose head matches did not give their page (postgres_topk): they
        # are ranked whole at once, not ranked twice, next time.
        self.head_misses: LRU[bool] = LRU(CACHE_ENTRIES)
        self._generation: int | None = None

    # -- schema ------------------------------------------------------------------

    def create_tables(self) -> None:
        """Create this backend's tables (migration 0003 does it for the default
        table; tests and tools with tables of their own call this)."""
        with self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:t))"), {"t": self.table})
            schema.create_schema(conn, self.table)
        self._ready = False

    def _ensure(self) -> None:
        """Check once that the tables exist: IndexUnavailable, saying to run the
        migrations, when they do not."""
        if self._ready:
            return
        with self._lock, self.engine.connect() as conn:
            tables = (self.table, self.terms_table, self.state_table, self.narrow_table)
            found = conn.execute(
                text("SELECT to_regclass(:a), to_regclass(:b), to_regclass(:c), to_regclass(:d)"),
                dict(zip("abcd", tables, strict=True)),
            ).one()
            missing = [t for t, f in zip(tables, found, strict=True) if f is None]
            if missing:
                raise IndexUnavailable(
                    f"search tables {', '.join(missing)} are missing in {self._database()}: "
                    "run `alembic upgrade head`"
                )
            self._trgm = bool(
                conn.scalar(
                    text("SELECT to_regclass(:i) IS NOT NULL"), {"i": f"{self.terms_table}_trgm"}
                )
            )
        if not self._trgm:
            log.warning("pg_trgm index missing on %s: no spelling correction", self.terms_table)
        self._ready = True

    def _database(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # -- writing -----------------------------------------------------------------

    def index(self, docs: list[Document]) -> None:
        """Write `docs` in one transaction, in chunks (bounded statements)."""
        if not docs:
            return
        self._ensure()
        with self.engine.begin() as conn:
            for part in chunked(docs):
                sql, params = rows.upsert(self.table, part)
                conn.execute(text(sql), params)

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self._ensure()
        with self.engine.begin() as conn:
            for part in chunked(ids):
                conn.execute(
                    text(f"DELETE FROM {self.table} WHERE id = ANY(:ids)"),  # nosec B608
                    {"ids": part},
                )

    def rebuild(self, docs: Iterable[Document], idle: Idle | None = None) -> None:
        """Rebuild the tables from `docs` beside the ones in use, then swap them in
        (search.postgres_rebuild)."""
        self._ensure()
        rebuilding.rebuild(self.engine, self.table, docs, idle)

    def close(self) -> None:
        self.engine.dispose()

    # -- reading -----------------------------------------------------------------

    def all_ids(self) -> set[str]:
        self._ensure()
        with self.engine.connect() as conn:
            return set(conn.scalars(text(f"SELECT id FROM {self.narrow_table}")))  # nosec B608

    # -- checking ----------------------------------------------------------------

    def verify(self, docs: Iterable[Document]) -> Drift:
        """Missing, extra and stale documents, and stored statistics that differ
        from the stored documents (search.postgres_check.verify)."""
        self._ensure()
        return check.verify(self.engine, self.table, docs)

    def repair_statistics(self) -> None:
        """Re-attach the triggers and indexes, restore the generation row and
        recount the vocabulary (search.postgres_check.repair)."""
        self._ensure()
        check.repair(self.engine, self.table)

    def _known(self, conn: Connection, term: str, kind: str) -> bool:
        """Does any document of type `kind` hold `term`?

        Not one EXISTS left to the planner: it guesses a term it has no statistics
        for (a name, a code, a rare word) in hundreds of rows and scans the table
        for the first, testing every wide row when no document holds it (0.5-1 s at
        100k). So the first rows of the table are tried (a common word is there),
        then the GIN index alone (cheap for the rare terms that get this far)."""
        params = {"q": rows.quote(term), "kind": kind}
        if conn.scalar(text(Q.known_sql(self.table, KNOWN_PROBE)), params):
            return True
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        try:
            return bool(conn.scalar(text(Q.known_sql(self.table)), params))
        finally:
            conn.execute(text("RESET enable_seqscan"))

    def _correct(self, conn: Connection, token: str) -> list[str]:
        """The same rule as the Whoosh backend (spelling.corrections): indexed words
        within one edit (two for long words), first letter kept, most frequent first;
        pg_trgm only narrows the vocabulary down to similar words."""
        if not self._trgm or len(token) < 3:
            return []
        rows = conn.execute(
            text(
                f"SELECT term, df FROM {self.terms_table} WHERE term % :t AND left(term, 1) = "  # nosec B608
                "left(:t, 1) ORDER BY similarity(term, :t) DESC LIMIT 50"
            ),
            {"t": token},
        ).all()
        return spelling.corrections(token, {r[0]: r[1] for r in rows})

    def _places(self, conn: Connection, generation: int) -> dict[str, list[tuple[str, str]]]:
        """Provinces and communes of the indexed suppliers (re-read when the index
        changed: a place that left the index no longer shapes queries)."""
        if self._place_cache is None or self._place_cache[0] != generation:
            rows = conn.execute(text(Q.places_sql(self.table))).all()
            index = places.place_index(
                {"province": {r[0] for r in rows}, "commune": {r[1] for r in rows if r[1]}}
            )
            self._place_cache = (generation, index)
        return self._place_cache[1]

    def search(self, query: Query) -> Results:
        self._ensure()
        key = query.cache_key()
        try:
            with self.engine.connect() as conn:
                generation = self._generation_now(conn)
                self._at_generation(generation)
                results = self.results_cache.get((generation, key))
                if results is None:
                    results = self._search(conn, query, generation)
                    self.results_cache.put((generation, key), results)
                return results.copy()
        except IndexUnavailable:
            raise
        except Exception as exc:
            if "does not exist" in str(exc):
                self._ready = False
                raise IndexUnavailable(
                    f"search table {self.table} is missing in {self._database()}: "
                    "run `alembic upgrade head`"
                ) from exc
            raise

    def _search(self, conn: Connection, query: Query, generation: int) -> Results:
        known: dict[str, bool] = {}  # a plan asks about some terms more than once

        def is_known(term: str) -> bool:
            if term not in known:
                known[term] = self._known(conn, term, query.type)
            return known[term]

        plan = ranking.plan(
            query.text,
            known=is_known,
            correct=lambda t: self._correct(conn, t),
            places=self._places(conn, generation),
        )
        if plan.impossible:
            return Results(
                0, [], {k: {} for k in F.FACETS}, suggestion=plan.suggestion, ignored=plan.set_aside
            )
        results = self._run(conn, query, plan, generation)
        if relaxed := ranking.relax(plan, results.total):
            results = self._run(conn, query, relaxed, generation)
        return results

    def _generation_now(self, conn: Connection) -> int:
        return int(conn.scalar(text(f"SELECT generation FROM {self.state_table}")))  # nosec B608

    def _at_generation(self, generation: int) -> None:
        """Forget the answers of other generations: they can never be read again
        (keys hold the generation), and the memory is better used for this one."""
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self.results_cache.clear()
                    self.facet_cache.clear()
                    self.catalogue_cache.clear()
                    self.term_cache.clear()
                    self._generation = generation

    def _run(self, conn: Connection, query: Query, plan: ranking.Plan, generation: int) -> Results:
        m = Q.match(plan, query.all_filters())
        want = query.page * query.per_page
        params = {**m.params, "depth": ranking.depth(query, plan)}
        # Broad queries hold most of the table in their matches: hashing them in
        # memory beats spilling to disk, and compiling (JIT) costs more than it saves.
        conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        conn.execute(text("SET LOCAL jit = off"))
        # The planner prices handing a row to the leader above testing and ranking it
        # (`@@` and ts_rank cost it nothing): let workers share the scan of the matches.
        conn.execute(text(f"SET LOCAL parallel_tuple_cost = {PARALLEL_TUPLE_COST}"))
        # A search reading no terms reads the narrow rows (search.postgres_narrow).
        source = self.table if m.reads_terms else self.narrow_table
        facet_key = (generation, m.facet_key())
        facets = self.facet_cache.get(facet_key)
        # Many matches: only those holding a query word in a name are ranked.
        miss_key = (m.facet_key(), m.params.get("rq"), params["depth"])
        head = not self.head_misses.get(miss_key) and topk.use_head(
            conn, self.table, m, query, plan, params
        )
        if facets is None:
            whole = self._catalogue(conn, m, generation) if self._broad(conn, m, query) else None
            found, facets = facet_reads.page_and_facets(
                conn, source, m, query.sort, plan.empty, params, whole, head
            )
            if whole is not None and self._generation_now(conn) != generation:
                # A write landed since the type's counts were read: they and the
                # complement would disagree, so count the matches themselves.
                found, facets = facet_reads.page_and_facets(
                    conn, source, m, query.sort, plan.empty, params, None, head
                )
            self.facet_cache.put(facet_key, facets)
        else:
            sql = Q.page_sql(source, m, query.sort, plan.empty, head)
            found = list(conn.execute(text(sql), params))
        total = sum(facets["top_category"].values())
        if head:
            limit = topk.page_bound(conn, self.table, plan, self.term_cache, generation)
            if not topk.holds_page(found, total, params, limit):
                # Another match may score more than the head's last: rank them all.
                self.head_misses.put(miss_key, True)
                sql = Q.page_sql(self.table, m, query.sort, plan.empty)
                found = list(conn.execute(text(sql), params))
        hits = [Hit(r.id, float(r.score), r.supplier, r.name) for r in found]
        hits = ranking.spread(hits, query, plan)
        return Results(
            total=total,
            hits=hits[(query.page - 1) * query.per_page : want],
            facets=facets,
            suggestion=plan.suggestion,
            ignored=plan.set_aside,
        )

    def _broad(self, conn: Connection, m: Q.Match, query: Query) -> bool:
        """Does the query match most documents of its type, with no other filter?
        Then its facets are counted from the complement."""
        if not m.hit or set(query.all_filters()) != {"type"}:
            return False
        return facet_reads.broad(conn, self.table, m, BROAD)

    def _catalogue(self, conn: Connection, m: Q.Match, generation: int) -> facet_reads.Counts:
        """The facet counts of every document meeting `m`'s filters (a type), kept
        for the generation: what broad queries subtract their complement from."""
        filters = tuple(sorted((k, str(v)) for k, v in m.params.items() if k.startswith("f")))
        key = (generation, m.filters, filters)
        counts = self.catalogue_cache.get(key)
        if counts is None:
            counts = facet_reads.filtered_counts(conn, self.narrow_table, m)
            self.catalogue_cache.put(key, counts)
        return counts

    def complete(self, prefix: str, limit: int = 3) -> list[str]:
        self._ensure()
        with self.engine.connect() as conn:
            return list(
                conn.scalars(
                    text(
                        f"SELECT term FROM {self.terms_table} WHERE term LIKE :p "  # nosec B608
                        "ORDER BY df DESC, term LIMIT :n"
                    ),
                    {"p": prefix.replace("%", "").replace("_", "") + "%", "n": limit},
                )
            )

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return ranking.suggest_names(self, prefix, limit)


register(
    ("postgresql", "postgresql+psycopg", "postgres"),
    lambda url: PostgresBackend(url),
)
