"""Index latency benchmark: a web save's time to search visibility while an import's
backlog is being indexed, and the indexer's drain rate.

    .venv/bin/python bench/index_latency_bench.py [--n 100000] [--saves 5]
        [--engines sqlite,postgresql] [--batch 2000]

Per engine (SQLite + Whoosh in a temporary directory; PostgreSQL + PostgreSQL search
at BENCH_DATABASE_URL, else TEST_DATABASE_URL, when one answers — its data tables
are emptied first): seeds N products (the demo catalogue's vocabulary, ~7.5 a
supplier) with set-wise Core inserts, queues them as an import does (bulk outbox
rows), starts `indexer.drain` in another process, and meanwhile saves products
through the ORM as the web does, timing each save until a search finds it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import create_engine, insert, inspect, select, text  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.db import new_session  # noqa: E402
from marketplace.demo.generator import build  # noqa: E402
from marketplace.indexing import indexer, outbox  # noqa: E402
from marketplace.products.models import Product, ProductSpec  # noqa: E402
from marketplace.search_sync import get_backend  # noqa: E402
from marketplace.suppliers.models import Ownership, Supplier, VerificationState  # noqa: E402
from search.base import Query  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA_TABLES = (
    "search_outbox",
    "product_photos",
    "product_specs",
    "products",
    "verification_events",
    "suppliers",
)


def migrate(url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        tables = [t for t in (*DATA_TABLES, "search_documents") if t in present]
        extra = [t for t in ("import_batch_rows", "import_batches", "jobs") if t in present]
        conn.execute(text(f"TRUNCATE {', '.join(extra + tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _none(v: object) -> object:
    return None if v == "" else v


def seed(app: Any, n: int) -> tuple[int, float]:
    """N products and their suppliers, queued as bulk; (outbox rows, enqueue seconds)."""
    suppliers, products = build(n // 7 + 200, 7)
    products = products[:n]
    with new_session(app) as s:
        s.execute(
            insert(Supplier),
            [
                {
                    **{k: _none(v) for k, v in d.items()},
                    "ownership": Ownership(d["ownership"]),
                    "state": VerificationState.VERIFIED,
                }
                for d in suppliers
            ],
        )
        sid = dict(s.execute(select(Supplier.tax_code, Supplier.id)).tuples().all())
        s.execute(
            insert(Product),
            [
                {
                    "supplier_id": sid[d["supplier_tax_code"]],
                    "sku": d["sku"],
                    "name": d["name"],
                    "name_en": _none(d["name_en"]),
                    "category_code": d["category"],
                    "description": _none(d["description"]),
                    "origin": d["origin"],
                    "local_content_pct": _none(d["local_content_pct"]),
                    "hs_code": _none(d["hs_code"]),
                    "price_vnd": _none(d["price_vnd"]),
                }
                for d in products
            ],
        )
        pid = {
            (s_id, sku): p_id
            for p_id, s_id, sku in s.execute(select(Product.id, Product.supplier_id, Product.sku))
        }
        specs = []
        for d in products:
            p_id = pid[(sid[d["supplier_tax_code"]], d["sku"])]
            for i, pair in enumerate(str(d["specs"]).split("; ")):
                key, _, value = pair.partition(": ")
                if key and value:
                    specs.append({"product_id": p_id, "key": key, "value": value, "position": i})
        s.execute(insert(ProductSpec), specs)
        start = time.perf_counter()
        outbox.enqueue(s, products=pid.values(), suppliers=sid.values(), bulk=True)
        took = time.perf_counter() - start
        s.commit()
    return indexer.pending(app.extensions["db_engine"]), took


def drainer(settings: dict[str, object], batch: int, events: Any) -> None:
    app = create_app(settings)
    start, cpu = time.perf_counter(), _cpu()
    sent = indexer.drain(app, batch=batch, progress=lambda n: events.put(("batch", n)))
    events.put(("done", sent, time.perf_counter() - start, _cpu() - cpu))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (a Whoosh rebuild's
    worker processes): a drain's cost whatever else the machine is running."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def web_save(app: Any, product_id: int, word: str) -> float:
    """Rename a product as the product form does; seconds until a search finds it."""
    backend = get_backend(app)
    start = time.perf_counter()
    with new_session(app) as s:
        product = s.get(Product, product_id)
        assert product is not None  # noqa: S101 - seeded above
        product.name = f"Máy thổi khí {word}"
        s.commit()
    while backend.search(Query(text=word)).total < 1:
        if time.perf_counter() - start > 60:
            return float("inf")
        time.sleep(0.01)
    return time.perf_counter() - start


def run(name: str, settings: dict[str, object], args: argparse.Namespace) -> None:
    app = create_app(settings)
    t = time.perf_counter()
    rows, enqueue_s = seed(app, args.n)
    print(f"[{name}] seeded {args.n:,} products in {time.perf_counter() - t:.1f} s; ", end="")
    print(f"queued {rows:,} outbox rows in {enqueue_s:.2f} s ({rows / enqueue_s:,.0f} rows/s)")
    with new_session(app) as s:
        targets = list(s.scalars(select(Product.id).order_by(Product.id)))[-args.saves * 97 :: 97]

    ctx = multiprocessing.get_context("spawn")
    events = ctx.Queue()
    proc = ctx.Process(target=drainer, args=(settings, args.batch, events))
    proc.start()
    assert events.get(timeout=120)[0] == "batch"  # noqa: S101 - draining has begun
    latencies = []
    gap = args.n / 3000 / (args.saves + 1)  # spread the saves over the expected drain
    for i, product_id in enumerate(targets):
        time.sleep(gap)
        latencies.append(web_save(app, product_id, "latencyprobe" + chr(97 + i) * 3))
    done = None
    while done is None:
        try:
            event = events.get(timeout=600)
        except queue.Empty:
            break
        if event[0] == "done":
            done = event
    proc.join()
    if done is None:
        print(f"[{name}] the drain did not finish")
        return
    _, sent, secs, cpu = done
    left = indexer.pending(app.extensions["db_engine"])
    indexed = len(get_backend(app).all_ids())
    print(
        f"[{name}] drain: {sent:,} documents in {secs:.1f} s = {sent / secs:,.0f} documents/s "
        f"({sent / cpu:,.0f} per CPU-second of the indexer and its workers; load average "
        f"{os.getloadavg()[0]:.1f}); {indexed:,} documents in the index, {left} rows left"
    )
    shown = ", ".join(f"{x:.2f}" for x in latencies)
    print(
        f"[{name}] web save -> searchable during the drain: max {max(latencies):.2f} s, "
        f"median {statistics.median(latencies):.2f} s ({shown})"
    )
    get_backend(app).close()
    app.extensions["db_engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--batch", type=int, default=indexer.BATCH)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    common = {"SECRET_KEY": "bench-" + "x1y2z3" * 6, "INDEXER": "inline"}
    with tempfile.TemporaryDirectory() as tmp:
        if "sqlite" in args.engines:
            url = f"sqlite:///{tmp}/bench.db"
            migrate(url)
            run(
                "SQLite + Whoosh",
                {**common, "DATABASE_URL": url, "SEARCH_URL": f"whoosh:///{tmp}/index"},
                args,
            )
        pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
        if "postgresql" in args.engines:
            if not pg:
                print("[PostgreSQL] skipped: set BENCH_DATABASE_URL (its data is emptied)")
                return
            migrate(pg)
            empty_postgresql(pg)
            run("PostgreSQL", {**common, "DATABASE_URL": pg, "SEARCH_URL": pg}, args)


if __name__ == "__main__":
    main()
