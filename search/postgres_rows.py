"""What the PostgreSQL backend stores for a document: one row of the documents
table (see postgres_schema for its definition), its text as a ready-made
`tsvector`, and the statement writing many rows at once."""

from __future__ import annotations

from search import fields as F
from search import ranking
from search.base import Document

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
    "text_exact": "C",
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
COLUMNS = (
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


def quote(term: str) -> str:
    """`term` as a tsquery/tsvector lexeme."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: Document) -> str:
    """`'tok':1A,9B 'other':2A ...` with positions in field order."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for term, field in F.index_terms(doc):
        pos = min(pos + 1, 16383)
        positions.setdefault(term, []).append(f"{pos}{CLASSES[field]}")
    return " ".join(f"{quote(t)}:{','.join(p)}" for t, p in positions.items())


def row(doc: Document) -> dict[str, object]:
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


def row_values(doc: Document) -> list[object]:
    """The row of `doc` in COLUMNS order (for COPY)."""
    r = row(doc)
    return [r[c] for c in COLUMNS]


def upsert(table: str, docs: list[Document]) -> tuple[str, dict[str, object]]:
    """One statement inserting or replacing `docs` (each column an array
    parameter), and its parameters: the statement triggers (generation,
    vocabulary) run once, not once a document as with one statement a row."""
    latest = {d.id: d for d in docs}  # one row an id: ON CONFLICT cannot touch a row twice
    rows = [row(d) for d in latest.values()]
    params = {c: [r[c] for r in rows] for c in COLUMNS}
    params["certs"] = [_CERT_SEP.join(c) for c in params["certs"]]  # type: ignore[arg-type]
    cols = ", ".join(COLUMNS)
    arrays = ", ".join(f"CAST(:{c} AS {_ARRAY_TYPES.get(c, 'text[]')})" for c in COLUMNS)
    values = ", ".join(
        "CAST(terms AS tsvector)"
        if c == "terms"
        else "string_to_array(certs, chr(31))"
        if c == "certs"
        else c
        for c in COLUMNS
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "id")
    sql = (
        f"INSERT INTO {table} ({cols}) SELECT {values} "  # nosec B608
        f"FROM unnest({arrays}) AS r({cols}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )
    return sql, params  # type: ignore[return-value]
