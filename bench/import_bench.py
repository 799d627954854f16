"""Import benchmark: 100,000 products + their suppliers into an empty database, then
the same file with 1% of rows changed, then the index catching up — on SQLite +
Whoosh and on PostgreSQL + PostgreSQL search. Prints rows/s and peak memory.

    .venv/bin/python bench/import_bench.py [--products 100000] [--engines sqlite,postgresql]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_import]

Each phase runs in its own process, so its peak memory (max RSS) is its own. The
import figure is the import itself as the command runs it: read, validate, write,
commit; the index catch-up is timed separately (documents/s until every product
is searchable)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_files(folder: Path, n_products: int, changed: bool = True) -> tuple[int, int]:
    """suppliers.csv and products.csv in `folder` (and, with `changed`, the products
    with 1% of rows changed, products-1pct.csv); (suppliers, products) written."""
    from marketplace.demo.generator import build
    from marketplace.products.fields import PRODUCT_COLUMNS
    from marketplace.suppliers.fields import SUPPLIER_COLUMNS

    suppliers, products = build(n_products * 2 // 15 + 1, seed=11)
    products = products[:n_products]
    used = {p["supplier_tax_code"] for p in products}
    suppliers = [s for s in suppliers if s["tax_code"] in used]
    for name, columns, rows in (
        ("suppliers.csv", SUPPLIER_COLUMNS, suppliers),
        ("products.csv", PRODUCT_COLUMNS, products),
    ):
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    if not changed:
        return len(suppliers), len(products)
    # The same products with 1% of rows changed (name and price).
    rng = random.Random(5)  # nosec B311 - benchmark data
    changed = rng.sample(range(len(products)), len(products) // 100)
    for i in changed:
        products[i] = {**products[i], "name": f"{products[i]['name']} (mới)", "price_vnd": 1234567}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PRODUCT_COLUMNS)
    writer.writeheader()
    writer.writerows(products)
    (folder / "products-1pct.csv").write_text(out.getvalue(), encoding="utf-8")
    return len(suppliers), len(products)


def phase(name: str, db: str, search: str, folder: Path) -> dict[str, object]:
    """Run one phase in this process; returns its figures."""
    os.environ["INSTANCE_PATH"] = str(folder / "instance")
    from marketplace import create_app
    from marketplace.db import new_session
    from marketplace.indexing import indexer
    from marketplace.registry import services

    app = create_app(
        {"DATABASE_URL": db, "SEARCH_URL": search, "INDEXER": "worker", "TESTING": False}
    )
    sup = ("suppliers.csv", (folder / "suppliers.csv").read_bytes())
    prod_name = "products-1pct.csv" if name == "reimport" else "products.csv"
    prod = (prod_name, (folder / prod_name).read_bytes())
    with app.app_context():
        start = time.perf_counter()
        if name == "catchup":
            docs = indexer.drain(app)
        else:
            with new_session(app) as session:
                report = services.import_registry(session, sup, prod)
            docs = 0
        elapsed = time.perf_counter() - start
    figures: dict[str, object] = {
        "seconds": elapsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "documents": docs,
    }
    if name != "catchup":
        figures["counts"] = {e: c.as_dict() for e, c in report.counts.items()}
    return figures


def fresh_database(engine: str, pg_url: str, folder: Path) -> tuple[str, str]:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    if engine == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
        (folder / "bench.db").unlink(missing_ok=True)
        search = f"whoosh:///{folder / 'index'}"
    else:
        url = pg_url
        admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        name = url.rsplit("/", 1)[1]
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        search = url
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
    return url, search


def run_phase(name: str, db: str, search: str, folder: Path) -> dict[str, object]:
    out = subprocess.run(  # nosec B603 - this script, run with this interpreter
        [
            sys.executable,
            __file__,
            "--phase",
            name,
            "--db",
            db,
            "--search",
            search,
            "--dir",
            str(folder),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine_speed() -> str:
    """How fast this machine runs Python right now: a shared virtual machine has
    been seen to run the same loop 40% slower from one minute to the next, and the
    figures below with it. Print it with them."""
    start = time.perf_counter()
    sum(i * i for i in range(10**7))
    return f"a fixed Python loop took {time.perf_counter() - start:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_import"
        ),
    )
    parser.add_argument(
        "--no-catchup", action="store_true", help="time the imports only, not the indexing"
    )
    parser.add_argument("--phase")
    parser.add_argument("--db")
    parser.add_argument("--search")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.db, args.search, Path(args.dir))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n_sup, n_prod = make_files(folder, args.products)
        print(f"{n_prod:,} products of {n_sup:,} suppliers; {machine_speed()}")
        head = ("engine", "phase", "seconds", "products/s", "docs/s", "peak MB")
        print("{:<12}{:<22}{:>9}{:>12}{:>9}{:>9}".format(*head))
        for engine in args.engines.split(","):
            try:
                db, search = fresh_database(engine, args.pg, folder)
            except Exception as exc:  # noqa: BLE001 - a missing server skips the engine
                print(f"{engine}: skipped ({exc.__class__.__name__}: {exc})")
                continue
            for name, label in (
                ("first", "first import"),
                ("catchup", "index catch-up"),
                ("reimport", "re-import, 1% changed"),
                ("catchup", "index catch-up"),
            ):
                if name == "catchup" and args.no_catchup:
                    continue
                f = run_phase(name, db, search, folder)
                secs = float(f["seconds"])  # type: ignore[arg-type]
                docs = int(f["documents"])  # type: ignore[call-overload]
                rate = f"{n_prod / secs:>12,.0f}" if name != "catchup" else f"{'':>12}"
                drate = f"{docs / secs:>9,.0f}" if docs else f"{'':>9}"
                print(f"{engine:<12}{label:<22}{secs:>9.2f}{rate}{drate}{f['peak_mb']:>9.0f}")
                if "counts" in f:
                    print(f"{'':<12}  {f['counts']}")


if __name__ == "__main__":
    main()
