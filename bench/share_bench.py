"""Domestic-share benchmark: 1,000,000 supply records over 2024–2026 and every
category and subcategory (a third linked to the products of a registry of a few
thousand, 40% with their own local content), on SQLite and on PostgreSQL. Times
GET /api/v1/share?year=2025 for each method and the officials' dashboard
(median and p95 of 20 requests; goal < 150 ms), then the CSV import path: a
200,000-row file into an empty table (goal ≥ 20,000 records/s) and the same file
with 1% of rows changed, with peak memory.

    .venv/bin/python bench/share_bench.py [--records 1000000] [--import-rows 200000]
        [--engines sqlite,postgresql] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/h_report_bench]

The million records are written with a bulk insert and the aggregates rebuilt in
one statement (the query part measures reads, not loading). Each phase runs in its
own process, so its peak memory (max RSS) is its own."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_bench import fresh_database, make_files  # noqa: E402

YEARS = (2024, 2025, 2026)
METHODS = ("origin", "local_content", "threshold")
IMPORTS = ("CN", "JP", "KR", "DE", "US", "IT", "TW", "FR")
SOURCES = ("procurement", "installation", "survey", "marketplace", "")
BUYERS = ("Công ty TNHH MTV Thoát nước Hà Nội", "Bệnh viện Bạch Mai", "Khu công nghiệp Thăng Long")
REQUESTS = 20
Record = tuple[Any, ...]  # supply_records.csv columns, in order


def _products(folder: Path) -> list[dict[str, str]]:
    with open(folder / "products.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _codes() -> list[str]:
    from marketplace.categories.reference import SUBCATEGORIES, TOP_LEVEL

    subs = [code for rows in SUBCATEGORIES.values() for code, _vi, _en in rows]
    return [code for code, _vi, _en in TOP_LEVEL] + subs * 9  # mostly subcategories


def records(n: int, products: list[dict[str, str]], seed: int, prefix: str) -> Iterator[Record]:
    """`n` records in the column order of supply_records.csv."""
    rng = random.Random(seed)  # nosec B311 - benchmark data
    codes = _codes()
    for i in range(n):
        year = YEARS[i % 3]
        value = rng.randint(1, 5_000_000) * 1000
        pct: Decimal | None = None
        tax = sku = ""
        if rng.random() < 1 / 3:
            p = rng.choice(products)
            tax, sku, code, origin = p["supplier_tax_code"], p["sku"], p["category"], p["origin"]
        else:
            code = rng.choice(codes)
            origin = "VN" if rng.random() < 0.55 else rng.choice(IMPORTS)
        if rng.random() < 0.4:
            whole = rng.randint(40, 100) if origin == "VN" else rng.randint(0, 30)
            pct = Decimal(whole) + (Decimal("0.5") if whole < 100 and rng.random() < 0.2 else 0)
        source = SOURCES[i % len(SOURCES)]
        buyer = BUYERS[i % len(BUYERS)] if i % 4 else ""
        yield (f"{prefix}{i:07d}", year, code, value, origin, pct, tax, sku, buyer, source)


def write_csv(path: Path, rows: Iterator[Record], change_every: int = 0) -> None:
    from marketplace.share.fields import SUPPLY_COLUMNS

    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(SUPPLY_COLUMNS)
        for i, row in enumerate(rows):
            if change_every and i % change_every == 0:
                row = (*row[:3], row[3] + 1000, *row[4:])
            writer.writerow(["" if v is None else v for v in row])


def _app(db: str, search: str, folder: Path):  # type: ignore[no-untyped-def]
    os.environ["INSTANCE_PATH"] = str(folder / "instance")
    from marketplace import create_app

    return create_app(
        {
            "DATABASE_URL": db,
            "SEARCH_URL": search,
            "INDEXER": "worker",
            "TESTING": False,
            "SECRET_KEY": "share-bench",
            "RATELIMIT_ENABLED": False,
        }
    )


def setup(db: str, search: str, folder: Path, n: int) -> dict[str, Any]:
    """The registry through its import, then `n` records by bulk insert and the
    aggregates rebuilt."""
    from sqlalchemy import select, text

    from marketplace.db import new_session, utcnow
    from marketplace.imports.bulk import bulk_insert
    from marketplace.products.models import Product
    from marketplace.registry import services
    from marketplace.share import cells
    from marketplace.share.records import INSERTED, R
    from marketplace.suppliers.models import Supplier

    app = _app(db, search, folder)
    products = _products(folder)
    with app.app_context(), new_session(app) as session:
        services.import_registry(
            session,
            ("suppliers.csv", (folder / "suppliers.csv").read_bytes()),
            ("products.csv", (folder / "products.csv").read_bytes()),
        )
        start = time.perf_counter()
        ids = {
            (tax, sku): (sid, pid)
            for tax, sku, sid, pid in session.execute(
                select(Supplier.tax_code, Product.sku, Supplier.id, Product.id).join(
                    Product.supplier
                )
            ).tuples()
        }
        now = utcnow()

        def rows() -> Iterator[tuple[Any, ...]]:
            for rid, year, code, value, origin, pct, tax, sku, buyer, source in records(
                n, products, 1, "B"
            ):
                sid, pid = ids[(tax, sku)] if tax else (None, None)
                yield (rid, year, code, value, origin, pct, sid, pid, buyer or None,
                       source or None, now, now)  # fmt: skip

        bulk_insert(session, R, (*INSERTED, "created_at", "updated_at"), rows())
        inserted = time.perf_counter() - start
        cells.rebuild(session)
        session.commit()
        session.execute(text("ANALYZE"))  # plans as on a database that has lived a while
        session.commit()
        cell_count = session.scalar(text("SELECT count(*) FROM share_cells"))
    return {
        "seconds": time.perf_counter() - start,
        "insert_seconds": inserted,
        "cells": cell_count,
        "peak_mb": _peak_mb(),
    }


def _timed(call: Any) -> dict[str, float]:
    for _ in range(2):  # warm caches and the app's first-request work
        call()
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1]}


def queries(db: str, search: str, folder: Path) -> dict[str, Any]:
    from marketplace.accounts.models import Role, User
    from marketplace.accounts.services import create_user
    from marketplace.accounts.sessions import SESSION_KEY, start_session
    from marketplace.db import new_session
    from marketplace.share import measure

    app = _app(db, search, folder)
    client = app.test_client()
    out: dict[str, Any] = {}
    with app.app_context(), new_session(app) as session:
        official = create_user(
            session, "bench@sct.hanoi.gov.vn", "bench password 2030", Role.OFFICIAL
        )
        uid = official.id
    for method in METHODS:

        def api(method: str = method) -> None:
            resp = client.get(f"/api/v1/share?year=2025&method={method}")
            assert resp.status_code == 200, resp.status_code  # noqa: S101 - a benchmark check

        out[f"API {method}"] = _timed(api)
    with app.app_context(), new_session(app) as session:
        token = start_session(session, session.get(User, uid), "bench", "127.0.0.1")
    with client.session_transaction() as sess:
        sess["_user_id"] = str(uid)
        sess["_fresh"] = True
        sess[SESSION_KEY] = token
    page = client.get("/officials/share?year=2025&method=origin")
    direct = page.status_code != 200  # the page not there (yet): time the measure itself
    for method in METHODS:
        if direct:

            def dash(method: str = method) -> None:
                with app.app_context(), new_session(app) as session:
                    measure.dashboard(session, 2025, method, measure.DEFAULT_THRESHOLD)

            out[f"dashboard() {method}"] = _timed(dash)
        else:

            def view(method: str = method) -> None:
                resp = client.get(f"/officials/share?year=2025&method={method}")
                assert resp.status_code == 200, resp.status_code  # noqa: S101

            out[f"dashboard {method}"] = _timed(view)
    return {"timings": out, "dashboard_status": page.status_code, "peak_mb": _peak_mb()}


def import_file(db: str, search: str, folder: Path, name: str) -> dict[str, Any]:
    from sqlalchemy import delete

    from marketplace.db import new_session
    from marketplace.share import cells
    from marketplace.share.imports import import_supply_records
    from marketplace.share.models import SupplyRecord

    app = _app(db, search, folder)
    data = (folder / name).read_bytes()
    with app.app_context(), new_session(app) as session:
        if name == "records.csv":  # into an empty table
            session.execute(delete(SupplyRecord))
            cells.rebuild(session)
            session.commit()
        start = time.perf_counter()
        report = import_supply_records(session, (name, data))
        elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "counts": report.count("supply_record").as_dict(),
        "peak_mb": _peak_mb(),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(name: str, db: str, search: str, folder: Path, n: int) -> dict[str, Any]:
    args = [sys.executable, __file__, "--phase", name, "--db", db, "--search", search]
    args += ["--dir", str(folder), "--records", str(n)]
    out = subprocess.run(args, capture_output=True, text=True)  # nosec B603 - this script
    if out.returncode:
        sys.exit(f"phase {name} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_one(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(args.dir)
    if args.phase == "setup":
        return setup(args.db, args.search, folder, args.records)
    if args.phase == "queries":
        return queries(args.db, args.search, folder)
    return import_file(args.db, args.search, folder, args.phase)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--products", type=int, default=3000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "SHARE_BENCH_DATABASE_URL",
            "postgresql+psycopg://postgres@127.0.0.1:5432/h_report_bench",
        ),
    )
    parser.add_argument("--phase")
    parser.add_argument("--db")
    parser.add_argument("--search")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_one(args)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_files(folder, args.products, changed=False)
        products = _products(folder)
        write_csv(folder / "records.csv", records(args.import_rows, products, 2, "C"))
        write_csv(
            folder / "records-1pct.csv",
            records(args.import_rows, products, 2, "C"),
            change_every=100,
        )
        print(
            f"{args.records:,} supply records, {len(products):,} products; "
            f"{REQUESTS} requests each (goal < 150 ms); import of {args.import_rows:,} rows "
            "(goal ≥ 20,000/s)"
        )
        print(
            "{:<12}{:<28}{:>12}{:>12}{:>10}".format(
                "engine", "what", "median ms", "p95 ms", "peak MB"
            )
        )
        for engine in args.engines.split(","):
            try:
                db, search = fresh_database(engine, args.pg, folder)
            except Exception as exc:  # noqa: BLE001 - a missing server skips the engine
                print(f"{engine}: skipped ({exc.__class__.__name__}: {exc})")
                continue
            f = run_phase("setup", db, search, folder, args.records)
            print(
                f"{engine:<12}{'load (bulk + rebuild)':<28}{f['seconds']:>11.1f}s"
                f"{'':>12}{f['peak_mb']:>10.0f}   {f['cells']:,} cells"
            )
            f = run_phase("queries", db, search, folder, args.records)
            for what, t in f["timings"].items():
                print(f"{engine:<12}{what:<28}{t['median']:>12.1f}{t['p95']:>12.1f}")
            if f["dashboard_status"] != 200:
                print(
                    f"{'':<12}(GET /officials/share answered {f['dashboard_status']}: "
                    "measure.dashboard() timed directly)"
                )
            for name, label in (
                ("records.csv", "import"),
                ("records-1pct.csv", "re-import 1% changed"),
            ):
                f = run_phase(name, db, search, folder, args.records)
                rate = args.import_rows / f["seconds"]
                print(
                    f"{engine:<12}{label:<28}{f['seconds']:>11.1f}s{rate:>9,.0f}/s"
                    f"{f['peak_mb']:>10.0f}   {f['counts']}"
                )


if __name__ == "__main__":
    main()
