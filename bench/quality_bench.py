"""Data-quality and statistics benchmark.

1. Likely duplicates among 13,500 suppliers with Vietnamese company names (legal
   forms, diacritics or not, typos, shared phones and e-mails): the time of
   `find_candidates` (the rapidfuzz part) and of `list_candidates` on the database.
2. The officials' statistics tables over 100,000 products of 5,000 suppliers:
   median of 5 runs of `all_tables` (all six GROUP BY tables).

    .venv/bin/python bench/quality_bench.py [--suppliers 13500] [--products 100000]
        [--engines sqlite,postgresql] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/NAME]

The PostgreSQL database named in --pg is dropped and created again."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_bench import fresh_database  # noqa: E402

FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "CTY CP", "Công ty", "")
STATES = ("pending", "verified", "verified", "rejected", "suspended")
TAILS = ("", " JSC", " Co., Ltd", " Việt Nam")
# What a company does (common words) and its brand (two syllables: distinctive).
FIELDS = (
    "Môi trường", "Thiết bị", "Kỹ thuật", "Công nghệ", "Xử lý nước", "Lọc khí", "Tái chế",
    "Cơ khí", "Điện máy", "Quan trắc", "Thương mại", "Đầu tư", "Xây dựng", "Năng lượng",
)  # fmt: skip
SYLLABLES = (  # noqa: SIM905 - a list of words reads better as text
    "An Bình Minh Quang Trung Tín Việt Nhật Đức Long Thăng Hòa Phát Sao Mai Đông Tây Nam "
    "Bắc Thành Công Phú Sơn Hưng Thịnh Đạt Tiến Bộ Đại Dương Ánh Hải Âu Phương Tân Vạn "
    "Xuân Hồng Hà Lâm Kim Ngọc Bảo Gia Khang Thái Toàn Cầu Lộc Vĩnh Thuận Hiệp Lực Hoàng"
).split()


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    return text[:i] + text[i + 1 :]


def supplier_rows(
    n: int, seed: int = 7
) -> list[tuple[int, str, str | None, str | None, str | None]]:
    """(id, name, phone, email, website); about 3% re-registered under another form."""
    rng = random.Random(seed)  # nosec B311 - benchmark data
    rows = []
    for i in range(1, n + 1):
        if i > 100 and rng.random() < 0.03:
            _id, name, phone, email, website = rows[rng.randrange(len(rows))]
            core = name.replace("Công ty", "").replace("TNHH", "").strip()
            name = f"{rng.choice(FORMS)} {_typo(rng, core) if rng.random() < 0.5 else core}"
            rows.append((i, name, phone if rng.random() < 0.5 else None, email, None))
            continue
        brand = " ".join(rng.sample(SYLLABLES, rng.choice((2, 3))))
        core = f"{' '.join(rng.sample(FIELDS, rng.randint(1, 2)))} {brand}"
        name = f"{rng.choice(FORMS)} {core}{rng.choice(TAILS)}".strip()
        rows.append(
            (i, name, f"09{rng.randrange(10**8):08d}", f"lienhe{i}@cty{i}.vn", f"cty{i}.vn")
        )
    return rows


def bench_duplicates(n: int) -> None:
    from marketplace.quality.duplicates import find_candidates

    rows = supplier_rows(n)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found = find_candidates(rows)
        times.append(time.perf_counter() - start)
    print(f"duplicates: {n} suppliers, {len(found)} candidate pairs, "
          f"find_candidates median {statistics.median(times):.2f} s")  # fmt: skip


def load(url: str, search: str, n_suppliers: int, n_products: int) -> None:
    from sqlalchemy import create_engine, insert

    from marketplace.categories.reference import SUBCATEGORIES, TOP_LEVEL
    from marketplace.products.models import Product
    from marketplace.suppliers.models import Supplier

    codes = [c for c, _v, _e in TOP_LEVEL] + [
        c for rows in SUBCATEGORIES.values() for c, _v, _e in rows
    ]
    rng = random.Random(3)  # nosec B311 - benchmark data
    start = datetime(2021, 1, 1)
    names = supplier_rows(n_suppliers)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(Supplier),
            [
                {
                    "id": sid, "tax_code": f"{sid:010d}", "name": name, "phone": phone,
                    "email": email, "website": website, "ownership": rng.choice(
                        ["domestic", "foreign", "joint_venture"]),
                    "province": "Hà Nội", "commune": f"Phường {sid % 120}",
                    "state": rng.choice(STATES),
                    "created_at": start + timedelta(days=rng.randrange(1800)),
                    "updated_at": start + timedelta(days=rng.randrange(1800)),
                }
                for sid, name, phone, email, website in names
            ],
        )  # fmt: skip
        batch = []
        for pid in range(1, n_products + 1):
            created = start + timedelta(days=rng.randrange(1800))
            batch.append(
                {
                    "id": pid, "supplier_id": rng.randint(1, n_suppliers), "sku": f"P{pid}",
                    "name": "Máy ép bùn", "category_code": rng.choice(codes),
                    "origin": "VN" if rng.random() < 0.55 else rng.choice(["CN", "DE", "JP"]),
                    "active": rng.random() < 0.95, "created_at": created, "updated_at": created,
                }
            )  # fmt: skip
            if len(batch) == 10_000:
                conn.execute(insert(Product), batch)
                batch = []
        if batch:
            conn.execute(insert(Product), batch)
    engine.dispose()


def bench_statistics(url: str, search: str, n_suppliers: int, n_products: int, label: str) -> None:
    from marketplace import create_app
    from marketplace.db import new_session
    from marketplace.quality.duplicates import list_candidates
    from marketplace.statistics.queries import all_tables

    load(url, search, n_suppliers, n_products)
    app = create_app({"DATABASE_URL": url, "SEARCH_URL": search, "SECRET_KEY": "bench"})
    with app.test_request_context("/?lang=en"), new_session(app) as session:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            tables = all_tables(session, "en")
            times.append(time.perf_counter() - start)
        rows = sum(len(t.rows) for t in tables)
        median = statistics.median(times) * 1000
        print(f"statistics on {label}: {n_products} products, {n_suppliers} suppliers, "
              f"{rows} table rows, all_tables median {median:.0f} ms")  # fmt: skip
        start = time.perf_counter()
        pairs = list_candidates(session)
        print(f"duplicates on {label}: list_candidates over {n_suppliers} suppliers "
              f"{time.perf_counter() - start:.2f} s ({len(pairs)} pairs)")  # fmt: skip
    app.extensions["db_engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=13_500)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument(
        "--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/quality_bench"
    )
    args = parser.parse_args()
    bench_duplicates(args.suppliers)
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines.split(","):
            url, search = fresh_database(engine, args.pg, Path(tmp))
            bench_statistics(url, search, args.suppliers, args.products, engine)


if __name__ == "__main__":
    main()
