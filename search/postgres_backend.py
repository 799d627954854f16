"""PostgreSQL full-text search backend, for deployments with several web nodes or an
ephemeral disk: every node reads and writes the same table, in transactions.

Text is analysed in Python by search.analysis (the same tokens as the Whoosh
backend) and stored as a ready-made `tsvector`: each token carries the weight class
of the field it came from (A name, B category and supplier, C specifications and
English, D description). Queries are `tsquery` expressions built from the same
ranking plan; facets are counted by one grouped query over the matches.

Profiling at 100k products: a broad query (`thiết bị`, `xử lý nước thải`: 30-90k
matches) costs 80-150 ms just to test `@@` on every wide row, `ts_rank` about 3 µs a
match, and the eight facet counts another 150 ms. No index makes counting 90k rows
cheap, so answers are cached per node and keyed by the index generation, a counter
that a statement trigger on the table raises with every change (by this backend or
anyone else): a write is visible to the next search on every node, and until then
the head queries buyers repeat cost a lookup.

The tables belong to the migrations (see search.postgres_schema); a database
without them is reported, not silently completed.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import replace

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from search import fields as F
from search import postgres_schema as schema
from search import ranking
from search.base import Document, Drift, Hit, IndexUnavailable, Query, Results, chunked
from search.ticker import Idle, Ticker

log = logging.getLogger(__name__)
TABLE = schema.TABLE
# Field -> weight class; ts_rank weights {D, C, B, A} keep the Whoosh ratios roughly.
CLASSES = {
    "name": "A",
    "name_bi": "A",
    "cat_text": "B",
    "supplier": "B",
    "specs": "C",
    "en": "C",
    "name_exact": "C",
    "body": "D",
    "ident": "D",
}
RANK_WEIGHTS = "{0.17, 0.33, 0.5, 1.0}"
# Array types of the columns that are not text, for writes with one array a column.
_ARRAY_TYPES = {
    "local_content": "double precision[]",
    "price": "bigint[]",
    "created": "bigint[]",
    "quality": "real[]",
}
_CERT_SEP = chr(31)  # certifications joined in one array element (no text holds it)
MAX_COMBINATIONS = 64
CACHE_ENTRIES = 512
_COLUMNS = (
    "id",
    "type",
    "name",
    "supplier",
    *("certs" if name == "cert" else name for name in F.FACETS),
    "local_content",
    "price",
    "created",
    "quality",
    "terms",
)


class _Cache:
    """Least-recently-used answers of one index generation."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.generation: int | None = None
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable) -> object | None:
        with self._lock:
            if generation != self.generation:
                self._items.clear()
                self.generation = generation
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, generation: int, key: Hashable, value: object) -> None:
        with self._lock:
            if generation != self.generation or self.size <= 0:
                return
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: Document) -> str:
    """`'tok':1A,9B 'other':2A ...` with positions in field order."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for term, field in F.index_terms(doc):
        pos = min(pos + 1, 16383)
        positions.setdefault(term, []).append(f"{pos}{CLASSES[field]}")
    return " ".join(f"{_quote(t)}:{','.join(p)}" for t, p in positions.items())


def _row(doc: Document) -> dict[str, object]:
    facets = F.facet_values(doc)
    return {
        "id": doc.id,
        "type": doc.type,
        "name": doc.name,
        "supplier": doc.supplier_tax_code,
        **{k: v for k, v in facets.items() if k != "cert"},
        "certs": facets["cert"],
        "local_content": doc.local_content,
        "price": doc.price,
        "created": doc.created,
        "quality": ranking.quality_factor(doc.verified, doc.local_content),
        "terms": tsvector_literal(doc),
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
            for tok, stem in zip(alt.tokens, _stems(alt.tokens), strict=True):
                terms = [_quote(tok)] + ([_quote(f"~{stem}")] if stem else [])
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
    return " | ".join(_quote(t) for t in sorted(plan.terms()))


def _stems(tokens: tuple[str, ...]) -> list[str | None]:
    return [None if t[0].isdigit() else F.english_stem(t) for t in tokens]


_URL = re.compile(r"^postgres(ql)?(\+\w+)?://")


class PostgresBackend:
    def __init__(self, url: str, table: str = TABLE) -> None:
        url = _URL.sub("postgresql+psycopg://", url)
        self.table = table
        self.terms_table, self.state_table = schema.names(table)
        self.engine: Engine = create_engine(url, pool_pre_ping=True, pool_size=5)
        self._trgm = False
        # Place names of the indexed suppliers, for the generation they were read at.
        self._place_cache: tuple[int, dict[str, list[tuple[str, str]]]] | None = None
        self._ready = False
        self._lock = threading.Lock()
        # Whole answers, and facet counts alone (shared by the pages and sorts of
        # one query); set `.size = 0` to measure uncached queries.
        self.results_cache = _Cache(CACHE_ENTRIES)
        self.facet_cache = _Cache(CACHE_ENTRIES)

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
            tables = (self.table, self.terms_table, self.state_table)
            found = conn.execute(
                text("SELECT to_regclass(:a), to_regclass(:b), to_regclass(:c)"),
                dict(zip("abc", tables, strict=True)),
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

    def _upsert(self, conn: Connection, table: str, docs: list[Document]) -> None:
        """Insert or replace `docs` with one statement (each column an array
        parameter): the statement triggers (generation, vocabulary) run once, not
        once a document as with one statement a row."""
        latest = {d.id: d for d in docs}  # one row an id: ON CONFLICT cannot touch a row twice
        rows = [_row(d) for d in latest.values()]
        params = {c: [r[c] for r in rows] for c in _COLUMNS}
        params["certs"] = [_CERT_SEP.join(c) for c in params["certs"]]
        cols = ", ".join(_COLUMNS)
        arrays = ", ".join(f"CAST(:{c} AS {_ARRAY_TYPES.get(c, 'text[]')})" for c in _COLUMNS)
        values = ", ".join(
            "CAST(terms AS tsvector)"
            if c == "terms"
            else "string_to_array(certs, chr(31))"
            if c == "certs"
            else c
            for c in _COLUMNS
        )
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c != "id")
        conn.execute(
            text(
                f"INSERT INTO {table} ({cols}) SELECT {values} "  # nosec B608
                f"FROM unnest({arrays}) AS r({cols}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}"
            ),
            params,
        )

    def index(self, docs: list[Document]) -> None:
        """Write `docs` in one transaction, in chunks (bounded statements)."""
        if not docs:
            return
        self._ensure()
        with self.engine.begin() as conn:
            for part in chunked(docs):
                self._upsert(conn, self.table, part)

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
        """Fill a new table with COPY, index it, then swap it in with one short
        transaction: readers see the old table until the swap, and writers can
        write to it meanwhile (`idle()` runs every fraction of a second for such
        writes; they must be written again after the swap)."""
        self._ensure()
        new = f"{self.table}_new"
        tick = Ticker(idle)
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f"DROP TABLE IF EXISTS {new}")
            cur.execute(schema.documents_table(new)[0])
            with cur.copy(f"COPY {new} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for doc in docs:
                    row = _row(doc)
                    copy.write_row([row[c] for c in _COLUMNS])
                    tick()

            def index_new_table() -> None:
                cur.execute(f"CREATE INDEX {new}_gin ON {new} USING gin (terms)")
                cur.execute(f"ANALYZE {new}")

            tick.during(index_new_table)
            cur.execute(f"SELECT pg_advisory_xact_lock(hashtext('{self.table}'))")
            cur.execute(f"DROP TABLE {self.table}")
            cur.execute(f"ALTER TABLE {new} RENAME TO {self.table}")
            cur.execute(f"ALTER INDEX {new}_gin RENAME TO {self.table}_gin")
            for stmt in schema.triggers(self.table):
                cur.execute(stmt)
            cur.execute(f"UPDATE {self.state_table} SET generation = generation + 1")  # nosec B608
            for stmt in schema.recount_vocabulary(self.table):
                cur.execute(stmt)
            raw.commit()
        except Exception:
            raw.rollback()
            raise
        finally:
            raw.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- reading -----------------------------------------------------------------

    def all_ids(self) -> set[str]:
        self._ensure()
        with self.engine.connect() as conn:
            return set(conn.scalars(text(f"SELECT id FROM {self.table}")))  # nosec B608

    # -- checking ----------------------------------------------------------------

    def verify(self, docs: Iterable[Document]) -> Drift:
        """Missing, extra and stale documents (any stored column, the terms
        included, differs from what `docs` give now: `docs` are copied into a
        temporary table and compared in the database), and stored statistics that
        differ from the stored documents: vocabulary counts, the change triggers
        and the generation row."""
        self._ensure()
        cols = ", ".join(_COLUMNS)
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(
                f"CREATE TEMP TABLE expected (LIKE {self.table} INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            with cur.copy(f"COPY expected ({cols}) FROM STDIN") as copy:
                for doc in docs:
                    row = _row(doc)
                    copy.write_row([row[c] for c in _COLUMNS])
            cur.execute("ANALYZE expected")
            others = [c for c in _COLUMNS if c != "id"]
            differs = (
                f"({', '.join(f'e.{c}' for c in others)}) "
                f"IS DISTINCT FROM ({', '.join(f'd.{c}' for c in others)})"
            )
            queries = {
                # Table names are this backend's own constants, never user input.
                "missing": f"SELECT e.id FROM expected e LEFT JOIN {self.table} d USING (id) "  # nosec B608
                "WHERE d.id IS NULL",
                "extra": f"SELECT d.id FROM {self.table} d LEFT JOIN expected e USING (id) "  # nosec B608
                "WHERE e.id IS NULL",
                "stale": f"SELECT e.id FROM expected e JOIN {self.table} d USING (id) "  # nosec B608
                f"WHERE {differs}",
            }
            found = {}
            for name, sql in queries.items():
                cur.execute(sql)  # nosec B608 - checked table name
                found[name] = {r[0] for r in cur.fetchall()}
            drift = Drift(**found, statistics=self._stale_statistics(cur))
            raw.rollback()
            return drift
        finally:
            raw.close()

    def _stale_statistics(self, cur) -> list[str]:  # type: ignore[no-untyped-def]
        out = []
        cur.execute(
            f"SELECT count(*) FROM {self.terms_table} v FULL JOIN "  # nosec B608
            f"(SELECT word, ndoc FROM ts_stat('SELECT terms FROM {self.table}') "
            f"WHERE word ~ '{schema.WORD}') s ON s.word = v.term "
            "WHERE v.df IS DISTINCT FROM s.ndoc"
        )
        if wrong := cur.fetchone()[0]:
            out.append(f"vocabulary: {wrong} words with a document count the documents do not give")
        cur.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
            (self.table,),
        )
        missing = schema.trigger_names(self.table) - {r[0] for r in cur.fetchall()}
        if missing:
            out.append(
                f"triggers missing on {self.table}: {', '.join(sorted(missing))} "
                "(changes would not reach the vocabulary or the answer caches)"
            )
        cur.execute(f"SELECT count(*) FROM {self.state_table}")  # nosec B608
        if cur.fetchone()[0] != 1:
            out.append(f"{self.state_table} must hold one generation row")
        return out

    def repair_statistics(self) -> None:
        """Re-attach the triggers, restore the generation row (raised, so every node
        drops its cached answers) and recount the vocabulary, with writers held off
        meanwhile."""
        self._ensure()
        with self.engine.begin() as conn:
            conn.execute(text(f"LOCK TABLE {self.table} IN SHARE MODE"))
            for stmt in schema.triggers(self.table):
                conn.execute(text(stmt))
            conn.execute(text(f"DELETE FROM {self.state_table}"))  # nosec B608
            conn.execute(
                text(f"INSERT INTO {self.state_table} (generation) VALUES (:g)"),  # nosec B608
                {"g": time.time_ns()},
            )
            for stmt in schema.recount_vocabulary(self.table):
                conn.execute(text(stmt))

    def _known(self, conn: Connection, term: str, kind: str) -> bool:
        """Does any document of type `kind` hold `term`?"""
        return bool(
            conn.scalar(
                text(
                    f"SELECT EXISTS (SELECT 1 FROM {self.table} "  # nosec B608
                    "WHERE terms @@ CAST(:q AS tsquery) AND type = :kind)"
                ),
                {"q": _quote(term), "kind": kind},
            )
        )

    def _correct(self, conn: Connection, token: str) -> list[str]:
        """The same rule as the Whoosh backend (ranking.corrections): indexed words
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
        return ranking.corrections(token, dict(rows))

    def _places(self, conn: Connection, generation: int) -> dict[str, list[tuple[str, str]]]:
        """Provinces and communes of the indexed suppliers (re-read when the index
        changed: a place that left the index no longer shapes queries)."""
        if self._place_cache is None or self._place_cache[0] != generation:
            rows = conn.execute(text(f"SELECT DISTINCT province, commune FROM {self.table}")).all()  # nosec B608
            index = ranking.place_index(
                {"province": {r[0] for r in rows}, "commune": {r[1] for r in rows if r[1]}}
            )
            self._place_cache = (generation, index)
        return self._place_cache[1]

    def _where(self, filters: dict[str, str], params: dict[str, object]) -> list[str]:
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

    def search(self, query: Query) -> Results:
        self._ensure()
        key = (
            query.text,
            tuple(sorted(query.all_filters().items())),
            query.sort,
            query.page,
            query.per_page,
            query.per_supplier,
        )
        try:
            with self.engine.connect() as conn:
                generation = conn.scalar(text(f"SELECT generation FROM {self.state_table}"))  # nosec B608
                results = self.results_cache.get(generation, key)
                if not isinstance(results, Results):
                    results = self._search(conn, query, generation)
                    self.results_cache.put(generation, key, results)
                # A copy: callers may reorder hits or drop facet values.
                return replace(
                    results,
                    hits=list(results.hits),
                    facets={k: dict(v) for k, v in results.facets.items()},
                )
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
        plan = ranking.plan(
            query.text,
            known=lambda t: self._known(conn, t, query.type),
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

    def _run(self, conn: Connection, query: Query, plan: ranking.Plan, generation: int) -> Results:
        params: dict[str, object] = {}
        where = self._where(query.all_filters(), params)
        score = "0.0"
        if plan.slots:
            params["mq"] = match_tsquery(plan)
            params["rq"] = rank_tsquery(plan)
            score = (
                f"ts_rank(CAST('{RANK_WEIGHTS}' AS real[]), terms, CAST(:rq AS tsquery)) * quality"
            )
        # Coordination, as in every backend: the share of the query's slots (and of
        # the place it names) that a document satisfies. Only computed where it can
        # differ between matches: a minimum match below all, or a place.
        counted = []
        if plan.slots and (plan.minmatch < len(plan.slots) or plan.places):
            for i, slot_q in enumerate(slot_tsqueries(plan)):
                params[f"s{i}"] = slot_q
                counted.append(f"(terms @@ CAST(:s{i} AS tsquery))::int")
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
            params[f"x{i}"] = _quote(term)
            score = f"{score} * CASE WHEN terms @@ CAST(:x{i} AS tsquery) THEN {factor} ELSE 1 END"
        matches = []
        if plan.slots:
            matches.append("terms @@ CAST(:mq AS tsquery)")
        elif plan.places:
            matches.append(here)  # only a place typed: its suppliers' products
        if plan.anchors:
            params["aq"] = _any([_quote(t) for t in plan.anchors])
            anchored = "terms @@ CAST(:aq AS tsquery)"
            score = f"{score} + CASE WHEN {anchored} THEN {ranking.ANCHOR_SCORE} ELSE 0 END"
            matches.append(anchored)
        if matches:
            where.append("(" + " OR ".join(matches) + ")")
        cond = " AND ".join(where) or "TRUE"
        facet_key = (cond, tuple(sorted((k, str(v)) for k, v in params.items() if k != "rq")))
        facets = self.facet_cache.get(generation, facet_key)
        if not isinstance(facets, dict):
            facets = self._facets(conn, cond, params)
            self.facet_cache.put(generation, facet_key, facets)
        total = sum(facets["top_category"].values())
        order = {
            "local_content": "local_content DESC NULLS LAST, score DESC",
            "price": "price ASC NULLS LAST, score DESC",
            "newest": "created DESC",
        }.get(query.sort, "score DESC" if not plan.empty else "created DESC")
        want = query.page * query.per_page
        diversify = query.sort == "relevance" and plan.spread and query.per_supplier
        depth = max(want, ranking.DIVERSITY_WINDOW) if diversify else want
        rows = conn.execute(
            text(
                f"SELECT id, supplier, name, {score} AS score FROM {self.table} "  # nosec B608
                f'WHERE {cond} ORDER BY {order}, created DESC, id COLLATE "C" LIMIT :depth'
            ),
            {**params, "depth": depth},
        ).all()
        hits = [Hit(r.id, float(r.score), r.supplier, r.name) for r in rows]
        if diversify:
            order_ = ranking.diversify(
                [(h.id, h.supplier) for h in hits], query.per_supplier, ranking.DIVERSITY_WINDOW
            )
            hits = [hits[i] for i in order_]
        return Results(
            total=total,
            hits=hits[(query.page - 1) * query.per_page : want],
            facets=facets,
            suggestion=plan.suggestion,
            ignored=plan.set_aside,
        )

    def _facets(
        self, conn: Connection, cond: str, params: dict[str, object]
    ) -> dict[str, dict[str, int]]:
        parts = [
            f"SELECT '{name}' AS facet, {name} AS value, count(*) AS n FROM m GROUP BY {name}"  # nosec B608
            for name in F.FACETS
            if name != "cert"
        ]
        parts.append("SELECT 'cert', c, count(*) FROM m, unnest(m.certs) c GROUP BY c")
        cols = ", ".join(n for n in F.FACETS if n != "cert")
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {cols}, certs FROM {self.table} WHERE {cond}) "  # nosec B608
            + " UNION ALL ".join(parts)
        )
        out: dict[str, dict[str, int]] = {name: {} for name in F.FACETS}
        for facet, value, n in conn.execute(text(sql), params):
            if value:
                out[facet][value] = n
        return {k: ranking.facet_order(v) for k, v in out.items()}

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
