"""The PostgreSQL search tables, their triggers and indexes.

Alembic owns them: migration 0003 runs `create_schema` for the default table
(tests and tools with tables of their own call it too); the backend never creates
them behind the migrations' back. `rebuild` swaps in a new documents table and
re-attaches the triggers with `triggers`.

Statistics the backend keeps are maintained by the database itself, so every
writer (this backend, another node, a hand-written statement) keeps them exact:
- `<state>.generation`, raised by every statement that changes the documents
  (answers are cached per generation);
- `<vocabulary>` (word, documents holding it), counted from the rows each
  statement inserts, updates or deletes (spelling corrections and completions
  rank words by it). It is what `ts_stat` over the table gives for plain words;
- `<narrow>`, every column of the documents but their terms (search.postgres_narrow).
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from search import postgres_narrow as narrow

log = logging.getLogger(__name__)
TABLE = "search_documents"
# Words the vocabulary holds: plain folded words (not `~stem`, `=word`, bigrams, numbers).
WORD = "^[a-z]+$"


def names(table: str = TABLE) -> tuple[str, str]:
    """(vocabulary table, state table) that go with documents table `table`."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", table):
        raise ValueError(f"bad table name {table!r}")
    if table == TABLE:
        return "search_vocabulary", "search_state"
    return f"{table}_vocabulary", f"{table}_state"


def owned_tables(table: str = TABLE) -> set[str]:
    """Every table the search backend owns for `table` (the documents table, its
    vocabulary and state, and the table a rebuild fills before swapping it in)."""
    return {table, *names(table), f"{table}_new", narrow.name(table), f"{narrow.name(table)}_new"}


# A row's `terms` is 2 kB on average (5 kB at most) and pglz does not shrink it, so
# by default a third of the rows kept it out of line, in the TOAST table: every
# reference to `terms` in a query (`@@` tests, ts_rank) fetched it again from there,
# 1.6 µs a row each time, most of a broad query's cost. Kept in the row instead
# (compressed, or moved out, only for a row over a whole page), it is read in place.
TOAST_TARGET = 8160


def inline_terms(table: str) -> list[str]:
    """Statements keeping `terms` in its row (see TOAST_TARGET); rows already stored
    out of line move in when they are rewritten."""
    return [
        f"ALTER TABLE {table} SET (toast_tuple_target = {TOAST_TARGET})",
        f"ALTER TABLE {table} ALTER COLUMN terms SET STORAGE MAIN",
    ]


def documents_table(table: str, index: bool = True) -> list[str]:
    """The documents table `table` (empty) and, with `index`, its text index."""
    return [
        f"""CREATE TABLE IF NOT EXISTS {table} (
            id text PRIMARY KEY,
            type text NOT NULL DEFAULT 'product',
            name text NOT NULL,
            supplier text NOT NULL,
            top_category text NOT NULL,
            category text NOT NULL,
            province text NOT NULL,
            commune text NOT NULL,
            made_in text NOT NULL,
            lc_band text NOT NULL,
            certs text[] NOT NULL,
            verified text NOT NULL,
            local_content double precision,
            price bigint,
            created bigint NOT NULL,
            quality real NOT NULL,
            terms tsvector NOT NULL
        )""",
        *inline_terms(table),
    ] + (indexes(table) if index else [])


# The indexes of a documents table, by name suffix: the text index; the quality,
# whose greatest value bounds the scores a broad query leaves unranked
# (search.postgres_topk); the places, read pair by pair once a generation
# (postgres_queries.places_sql) rather than from every wide row.
INDEXES = {
    "gin": "gin (terms)",
    "quality": "btree (quality)",
    "places": "btree (province, commune)",
}


def indexes(table: str) -> list[str]:
    """CREATE INDEX statements of `table`'s indexes (`<table>_<suffix>`)."""
    return [
        f"CREATE INDEX IF NOT EXISTS {table}_{suffix} ON {table} USING {how}"
        for suffix, how in INDEXES.items()
    ]


def _count_terms(vocab: str, sources: list[tuple[str, int]]) -> str:
    """Add each source transition table's plain words to the vocabulary counts
    (+1 a document inserted, -1 a document deleted); words no document holds go."""
    # Table names are checked identifiers (see `names`), never user input.
    select_terms = "SELECT unnest(tsvector_to_array(terms)) AS w, {} AS n FROM {}"
    rows = " UNION ALL ".join(select_terms.format(sign, source) for source, sign in sources)
    sql = (
        "INSERT INTO {vocab} AS v (term, df) "
        "SELECT w, sum(n) FROM ({rows}) d WHERE w ~ '{word}' "
        "GROUP BY w HAVING sum(n) <> 0 ORDER BY w "
        "ON CONFLICT (term) DO UPDATE SET df = v.df + EXCLUDED.df; "
        "DELETE FROM {vocab} WHERE df <= 0;"
    )
    return sql.format(vocab=vocab, rows=rows, word=WORD)


def triggers(table: str) -> list[str]:
    """Functions and triggers keeping the generation and the vocabulary in step with
    every statement changing `table` (see the module docstring)."""
    vocab, state = names(table)
    # Table names are checked identifiers (see `names`).
    bump = f"UPDATE {state} SET generation = generation + 1"  # nosec B608
    functions = {
        f"{state}_bump": f"{bump};",
        f"{table}_terms_added": _count_terms(vocab, [("added", 1)]),
        f"{table}_terms_changed": _count_terms(vocab, [("added", 1), ("gone", -1)]),
        f"{table}_terms_gone": _count_terms(vocab, [("gone", -1)]),
        f"{table}_terms_cleared": f"DELETE FROM {vocab};",  # nosec B608
        **narrow.functions(table),
    }
    out = [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {body} RETURN NULL; END $$"""
        for name, body in functions.items()
    ]
    each = "FOR EACH STATEMENT EXECUTE FUNCTION"
    out += [
        f"""CREATE OR REPLACE TRIGGER {table}_changed
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} {each} {state}_bump()""",
        *narrow.statement_triggers(table, "terms"),
        *narrow.triggers(table),
    ]
    return out


def trigger_names(table: str) -> set[str]:
    return (
        {f"{table}_changed"}
        | narrow.statement_trigger_names(table, "terms")
        | narrow.trigger_names(table)
    )


def recount_vocabulary(table: str) -> list[str]:
    """Statements recomputing the vocabulary from the stored documents."""
    vocab, _state = names(table)
    return [
        f"DELETE FROM {vocab}",  # nosec B608
        f"INSERT INTO {vocab} (term, df) "  # nosec B608
        f"SELECT word, ndoc FROM ts_stat('SELECT terms FROM {table}') WHERE word ~ '{WORD}'",
    ]


def stale_statistics(cur, table: str = TABLE) -> list[str]:  # type: ignore[no-untyped-def]
    """What differs from the documents in the statistics the triggers keep for
    `table` (vocabulary counts, the triggers themselves, the generation row), and
    the indexes missing, one line each; `cur` is a DB-API cursor."""
    vocab, state = names(table)
    out = []
    cur.execute(
        f"SELECT count(*) FROM {vocab} v FULL JOIN "  # nosec B608
        f"(SELECT word, ndoc FROM ts_stat('SELECT terms FROM {table}') "
        f"WHERE word ~ '{WORD}') s ON s.word = v.term "
        "WHERE v.df IS DISTINCT FROM s.ndoc"
    )
    if wrong := cur.fetchone()[0]:
        out.append(f"vocabulary: {wrong} words with a document count the documents do not give")
    cur.execute(narrow.drift_sql(table))
    if wrong := cur.fetchone()[0]:
        out.append(f"{narrow.name(table)}: {wrong} rows differ from the documents")
    cur.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
        (table,),
    )
    missing = trigger_names(table) - {r[0] for r in cur.fetchall()}
    if missing:
        out.append(
            f"triggers missing on {table}: {', '.join(sorted(missing))} "
            "(changes would not reach the vocabulary or the answer caches)"
        )
    cur.execute(f"SELECT count(*) FROM {state}")  # nosec B608
    if cur.fetchone()[0] != 1:
        out.append(f"{state} must hold one generation row")
    cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", (table,))
    if missing := {f"{table}_{s}" for s in INDEXES} - {r[0] for r in cur.fetchall()}:
        out.append(f"indexes missing on {table}: {', '.join(sorted(missing))}")
    return out


def create_schema(conn: Connection, table: str = TABLE) -> None:
    """Create (or complete) the search tables of `table` in `conn`'s transaction.
    Spelling correction needs the pg_trgm extension; without the privilege to
    create it, searches work without corrections (logged)."""
    vocab, state = names(table)
    statements = [
        *documents_table(table),
        *narrow.create(narrow.name(table)),
        # Tables made before supplier documents existed held products only.
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS type text NOT NULL DEFAULT 'product'",
        f"ALTER TABLE {table} ALTER COLUMN local_content TYPE double precision",
        f"CREATE TABLE IF NOT EXISTS {vocab} (term text PRIMARY KEY, df integer NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {vocab}_unused ON {vocab} (term) WHERE df <= 0",
        f"""CREATE TABLE IF NOT EXISTS {state} (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            generation bigint NOT NULL
        )""",
        f"INSERT INTO {state} (generation) VALUES (0) ON CONFLICT DO NOTHING",  # nosec B608
        *triggers(table),
        *recount_vocabulary(table),  # tables made before the vocabulary triggers
        *narrow.fill(narrow.name(table), table),  # and before the narrow rows
    ]
    for stmt in statements:
        conn.execute(text(stmt))
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            trgm = f"CREATE INDEX IF NOT EXISTS {vocab}_trgm ON {vocab} USING gin"
            conn.execute(text(f"{trgm} (term gin_trgm_ops)"))
    except Exception:  # noqa: BLE001 - no privilege for the extension
        log.warning("pg_trgm is not available: search runs without spelling correction")


def store_terms_inline(conn: Connection, table: str = TABLE) -> None:
    """Keep `terms` in the rows of an existing documents table (see TOAST_TARGET),
    rewriting it: a rewrite stores every row again under the new rule, where an
    UPDATE would keep the out-of-line values as they are. Changing the column to
    its own type through an expression is such a rewrite, in the transaction, firing
    no trigger (`|| ''` gives the same vector back). It resets the column's storage
    to the type's default, so that is set again after it."""
    for stmt in inline_terms(table):
        conn.execute(text(stmt))
    conn.execute(
        text(f"ALTER TABLE {table} ALTER COLUMN terms TYPE tsvector USING terms || ''::tsvector")
    )
    for stmt in inline_terms(table):
        conn.execute(text(stmt))


def drop_schema(conn: Connection, table: str = TABLE) -> None:
    vocab, state = names(table)
    conn.execute(text(f"DROP TABLE IF EXISTS {table}, {table}_new, {vocab}, {state}"))
    for name in (f"{state}_bump", *(f"{table}_terms_{e}" for e in ("added", "changed", "gone"))):
        conn.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))
    conn.execute(text(f"DROP FUNCTION IF EXISTS {table}_terms_cleared()"))
    for stmt in narrow.drop(table):
        conn.execute(text(stmt))
