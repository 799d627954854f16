"""Writing the outbox: which documents to refresh, in the transaction of the change.

A row names one document (`product` or `supplier` and its id); the indexer reads
the row's current state when it drains, so a row is all it needs, for a change or a
deletion alike. The rows commit (or roll back) with the data they describe."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.orm import Session

from marketplace.db import utcnow
from marketplace.indexing.models import BULK, INTERACTIVE

# Ids per IN list: well under SQLite's 32,766 and the PostgreSQL driver's 65,535
# parameters (an import of 100k products once silently missed the index).
CHUNK = 5000
_ENQUEUED = "indexing_enqueued"  # session.info: lowest priority written this transaction


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterable[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def enqueue(
    session: Session,
    products: Iterable[int] = (),
    suppliers: Iterable[int] = (),
    deleted_products: Iterable[tuple[int, int]] = (),
    bulk: bool = False,
) -> None:
    """Queue documents for the indexer in `session`'s transaction (no commit).

    `products`: products changed (or about to be deleted): their documents and their
    suppliers' documents (a supplier document lists what it makes). `suppliers`:
    suppliers whose own fields changed: their documents and those of all their
    products (which carry the supplier's name, place and verification).
    `deleted_products`: (product id, supplier id) of products already deleted.
    `bulk=True` queues behind interactive changes (imports), so a web save is
    indexed first."""
    priority = BULK if bulk else INTERACTIVE
    product_ids = set(products)
    supplier_ids = set(suppliers)
    gone = dict(deleted_products)
    conn = session.connection()
    extra_suppliers = _suppliers_of(conn, product_ids - gone.keys())
    product_ids |= _products_of(conn, supplier_ids) | gone.keys()
    supplier_ids |= extra_suppliers | set(gone.values())
    if not product_ids and not supplier_ids:
        return
    now = utcnow()
    _insert(conn, "product", product_ids, priority, now)
    _insert(conn, "supplier", supplier_ids, priority, now)
    session.info[_ENQUEUED] = min(session.info.get(_ENQUEUED, priority), priority)


def enqueue_documents(
    session: Session,
    products: Iterable[int] = (),
    suppliers: Iterable[int] = (),
    bulk: bool = False,
) -> None:
    """Queue exactly these documents, nothing implied: for a caller that already
    knows every document its change touches (an import knows the suppliers of the
    products it wrote), which spares `enqueue`'s look-ups over 100,000 ids."""
    priority = BULK if bulk else INTERACTIVE
    product_ids, supplier_ids = set(products), set(suppliers)
    if not product_ids and not supplier_ids:
        return
    conn = session.connection()
    now = utcnow()
    _insert(conn, "product", product_ids, priority, now)
    _insert(conn, "supplier", supplier_ids, priority, now)
    session.info[_ENQUEUED] = min(session.info.get(_ENQUEUED, priority), priority)


def take_enqueued(session: Session) -> int | None:
    """The most urgent priority queued by the transaction just ended (None: nothing)."""
    return session.info.pop(_ENQUEUED, None)


def _suppliers_of(conn: Connection, product_ids: set[int]) -> set[int]:
    return _lookup(conn, "SELECT DISTINCT supplier_id FROM products WHERE id", product_ids)


def _products_of(conn: Connection, supplier_ids: set[int]) -> set[int]:
    return _lookup(conn, "SELECT id FROM products WHERE supplier_id", supplier_ids)


def _lookup(conn: Connection, query: str, ids: set[int]) -> set[int]:
    """`query` (ending in a column) for `ids`: one array parameter a statement on
    PostgreSQL, IN lists of CHUNK ids on SQLite."""
    out: set[int] = set()
    if conn.dialect.name == "postgresql":
        stmt = text(f"{query} = ANY({_PG_IDS})")  # nosec B608 - fixed text
        for part in chunks(ids, 50_000):
            out.update(conn.scalars(stmt, {"ids": _joined(part)}))
        return out
    stmt = text(f"{query} IN :ids").bindparams(bindparam("ids", expanding=True))
    for part in chunks(ids):
        out.update(conn.scalars(stmt, {"ids": part}))
    return out


# Ids travel as one text that the server splits: psycopg adapts a list of ints one
# element at a time in Python (about 0.25 s for an import's 100,000 documents).
_PG_IDS = "CAST(string_to_array(:ids, ',') AS bigint[])"


def _joined(ids: list[int]) -> str:
    return ",".join(map(str, ids))


def _insert(conn: Connection, kind: str, ids: set[int], priority: int, now: datetime) -> None:
    """Set-wise: one array parameter a statement on PostgreSQL, executemany of plain
    tuples on SQLite (no per-row ORM or type processing)."""
    if not ids:
        return
    if conn.dialect.name == "postgresql":
        stmt = text(
            "INSERT INTO search_outbox (kind, pk, priority, created_at) "
            f"SELECT :kind, unnest({_PG_IDS}), :priority, :now"  # nosec B608 - fixed text
        )
        for part in chunks(ids, 50_000):
            conn.execute(
                stmt, {"kind": kind, "ids": _joined(part), "priority": priority, "now": now}
            )
        return
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DateTime format
    conn.exec_driver_sql(
        "INSERT INTO search_outbox (kind, pk, priority, created_at) VALUES (?, ?, ?, ?)",
        [(kind, pk, priority, stamp) for pk in sorted(ids)],
    )
