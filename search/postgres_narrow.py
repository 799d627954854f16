"""The narrow rows of a PostgreSQL search: every column of the documents table but
the terms (about 150 bytes a row where a document's row is 2.6 kB), kept in step
by statement triggers on the documents table, so every writer (this backend,
another node, a hand-written statement) keeps them exact.

A search that reads no terms (filters, a sort, a place alone) counts its facets and
reads its page from them: at 100k products the documents table (300 MB) is larger
than PostgreSQL's shared buffers, so every scan of it reads each page again, where
the narrow rows (20 MB) stay in memory. So do the counts of a whole type that broad
queries subtract their complement from.
"""

from __future__ import annotations

import re

# The columns of the documents table but `terms`, in its order, with their types.
COLUMNS: dict[str, str] = {
    "id": "text PRIMARY KEY",
    "type": "text NOT NULL DEFAULT 'product'",
    "name": "text NOT NULL",
    "supplier": "text NOT NULL",
    "top_category": "text NOT NULL",
    "category": "text NOT NULL",
    "province": "text NOT NULL",
    "commune": "text NOT NULL",
    "made_in": "text NOT NULL",
    "lc_band": "text NOT NULL",
    "certs": "text[] NOT NULL",
    "verified": "text NOT NULL",
    "local_content": "double precision",
    "price": "bigint",
    "created": "bigint NOT NULL",
    "quality": "real NOT NULL",
}
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def name(table: str) -> str:
    """The narrow table of documents table `table`."""
    if not _NAME.fullmatch(table):
        raise ValueError(f"bad table name {table!r}")
    return "search_narrow" if table == "search_documents" else f"{table}_narrow"


def create(narrow: str) -> list[str]:
    """The (empty) narrow table `narrow`."""
    cols = ", ".join(f"{c} {t}" for c, t in COLUMNS.items())
    return [f"CREATE TABLE IF NOT EXISTS {narrow} ({cols})"]


def fill(narrow: str, table: str) -> list[str]:
    """Statements copying every row of `table` into `narrow` (emptied first)."""
    cols = ", ".join(COLUMNS)
    return [f"DELETE FROM {narrow}", f"INSERT INTO {narrow} ({cols}) SELECT {cols} FROM {table}"]  # nosec B608


def _upsert(narrow: str, source: str) -> str:
    cols = ", ".join(COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "id")
    return (
        f"INSERT INTO {narrow} ({cols}) SELECT {cols} FROM {source} "  # nosec B608
        f"ON CONFLICT (id) DO UPDATE SET {updates};"
    )


def functions(table: str) -> dict[str, str]:
    """Bodies of the trigger functions keeping `table`'s narrow rows in step, by
    function name: rows inserted, updated (an id changed by hand too), deleted,
    and the table truncated."""
    narrow = name(table)
    gone = f"DELETE FROM {narrow} WHERE id IN (SELECT id FROM gone"  # nosec B608
    moved = f"{gone} EXCEPT SELECT id FROM added);"  # nosec B608 - checked table names
    return {
        f"{table}_narrow_added": _upsert(narrow, "added"),
        f"{table}_narrow_changed": f"{moved} {_upsert(narrow, 'added')}",
        f"{table}_narrow_gone": f"{gone});",
        f"{table}_narrow_cleared": f"DELETE FROM {narrow};",  # nosec B608
    }


# A statement trigger for each kind of change, with the rows it changed: the name's
# ending and the trigger function's (`{table}_{kind}_{function}`), its event and
# transition tables.
_EVENTS = (
    ("insert", "added", "INSERT", "REFERENCING NEW TABLE AS added "),
    ("update", "changed", "UPDATE", "REFERENCING OLD TABLE AS gone NEW TABLE AS added "),
    ("delete", "gone", "DELETE", "REFERENCING OLD TABLE AS gone "),
    ("truncate", "cleared", "TRUNCATE", ""),
)


def statement_triggers(table: str, kind: str) -> list[str]:
    """The four triggers `{table}_{kind}_{insert,update,delete,truncate}` calling the
    functions `{table}_{kind}_{added,changed,gone,cleared}` once a statement, with
    the rows it wrote (`added`) and removed (`gone`)."""
    each = "FOR EACH STATEMENT EXECUTE FUNCTION"
    out = []
    for event, function, verb, rows in _EVENTS:
        # The line break keeps the statements the earlier migrations created.
        head = f"CREATE OR REPLACE TRIGGER {table}_{kind}_{event} AFTER {verb} ON {table}"
        out.append(f"{head}\n            {rows}{each} {table}_{kind}_{function}()")
    return out


def statement_trigger_names(table: str, kind: str) -> set[str]:
    return {f"{table}_{kind}_{event}" for event, *_ in _EVENTS}


def triggers(table: str) -> list[str]:
    """The triggers calling `functions` (created after them)."""
    return statement_triggers(table, "narrow")


def trigger_names(table: str) -> set[str]:
    return statement_trigger_names(table, "narrow")


def drift_sql(table: str) -> str:
    """How many rows of `table` and its narrow table differ (missing on either
    side, or any column)."""
    cols = list(COLUMNS)
    return (
        f"SELECT count(*) FROM {table} d FULL JOIN {name(table)} n ON n.id = d.id "  # nosec B608
        f"WHERE ({', '.join(f'd.{c}' for c in cols)}) "
        f"IS DISTINCT FROM ({', '.join(f'n.{c}' for c in cols)})"
    )


def drop(table: str) -> list[str]:
    narrow = name(table)
    return [f"DROP TABLE IF EXISTS {narrow}, {narrow}_new"] + [
        f"DROP FUNCTION IF EXISTS {f}()" for f in functions(table)
    ]
