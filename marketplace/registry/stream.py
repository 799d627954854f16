"""A large registry import writes its new products while its products file is still
being checked (imports/background.py), instead of after: the suppliers file is
checked and written first, then each product row that passes its checks and is
not stored yet goes to the writer thread with its specs. A bad row anywhere, a
stale preview or a failed write rolls all of it back, as before; a dry run never
streams. The products planned afterwards by the usual rule are exactly the ones
written here (writes.write_import verifies it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from marketplace.imports.background import BackgroundWriter
from marketplace.imports.bulk import bulk_insert_ids
from marketplace.imports.upsert import Incoming
from marketplace.products.publication import PUBLIC_STATES
from marketplace.registry import adapters
from marketplace.registry.adapters import PRODUCTS, SUPPLIERS

# A products file of this many lines or more is checked while its new rows are
# written; below it, knowing every stored product's key costs more than it saves.
STREAM_MIN_ROWS = 5000
# Where the writing happens outside this process. SQLite writes in it, a row per
# call that lets go of the GIL and then waits up to the switch interval (5 ms) to
# get it back from the thread that checks rows: its writer would crawl until the
# checking ends, and nothing would overlap.
STREAM_ENGINES = ("postgresql",)

Key = tuple[str, str]  # tax code, lower-case SKU
Item = tuple[Key, tuple[Any, ...], str | None]  # key, the new row, its specs text


def worth_streaming(session: Session, data: bytes) -> bool:
    engine = session.get_bind().dialect.name
    return engine in STREAM_ENGINES and data.count(b"\n") >= STREAM_MIN_ROWS


@dataclass
class Known:
    """What deciding a row needs, read before the writer starts: the reading
    thread does not query the database while the writer holds the connection."""

    suppliers: dict[str, tuple[int, bool]]  # tax code -> (id, publicly listed)
    products: set[Key] = field(default_factory=set)  # stored products' keys

    @classmethod
    def read(cls, session: Session) -> Known:
        public = SUPPLIERS.c.state.in_(PUBLIC_STATES)
        rows = session.execute(select(SUPPLIERS.c.tax_code, SUPPLIERS.c.id, public))
        keys = select(SUPPLIERS.c.tax_code, PRODUCTS.c.sku).join(
            SUPPLIERS, SUPPLIERS.c.id == PRODUCTS.c.supplier_id
        )
        return cls(
            {tax: (sid, bool(listed)) for tax, sid, listed in rows},
            {(tax, sku.lower()) for tax, sku in session.execute(keys)},
        )


class ProductStream:
    def __init__(self, session: Session, known: Known, now: datetime) -> None:
        self.known, self.now = known, now
        self.created: dict[Key, int] = {}  # filled by the writer thread
        self._writer: BackgroundWriter[tuple[Key, tuple[Any, ...], str | None]] = BackgroundWriter(
            session.connection(), self._write
        )

    def offer(self, row: Incoming) -> None:
        """A row that passed its checks: written now when it is a new product of a
        known supplier (one that is neither is an error found after the file)."""
        if row.key in self.known.products:
            return
        found = self.known.suppliers.get(row.key[0])
        if found is None:
            return
        sid, public = found
        values = row.values
        new = adapters.new_product_row(sid, values, public, self.now)
        self._writer.put((row.key, new, values.get("specs")))  # type: ignore[arg-type]

    def close(self) -> dict[Key, int]:
        """Wait for the writer; the new products' ids by key. Raises what writing raised."""
        self._writer.close()
        return self.created

    def stop(self) -> None:
        self._writer.stop()

    def _write(
        self, conn: Connection, items: list[tuple[Key, tuple[Any, ...], str | None]]
    ) -> None:
        ids = bulk_insert_ids(
            conn,
            PRODUCTS,
            adapters.NEW_PRODUCT_COLUMNS,
            (new for _key, new, _specs in items),
            at_most=len(items),
        )
        adapters.insert_specs(
            conn, {pk: specs for pk, (_k, _n, specs) in zip(ids, items, strict=False) if specs}
        )
        self.created.update(zip((key for key, _n, _s in items), ids, strict=False))
