"""Search benchmark: build N synthetic products (the demo catalogue's vocabulary) into
each backend and print build rate, query latency (query + facets + first page),
update-to-visible latency and peak memory.

    .venv/bin/python bench/search_bench.py [--n 100000] [--backends whoosh,postgresql]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test] [--profile]

Runs without Flask: it drives the `search` layer the API view calls.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marketplace.categories.reference import category_rows  # noqa: E402
from marketplace.demo.generator import build  # noqa: E402
from marketplace.searches import documents as product_documents  # noqa: E402
from search import open_backend  # noqa: E402
from search.base import Document, Query, SearchBackend  # noqa: E402

# A realistic mix: broad category words, specific products, no diacritics, English,
# abbreviations, specifications, places, supplier names, typos, filters only.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("xử lý nước thải", {}),
    ("máy ép bùn", {}),
    ("may ep bun bang tai", {}),
    ("máy thổi khí", {}),
    ("thiet bi quan trac", {}),
    ("belt filter press", {}),
    ("roots blower", {}),
    ("wastewater treatment", {}),
    ("XLNT", {}),
    ("MBR", {}),
    ("bể tự hoại 1500 lít", {}),
    ("thùng rác 240l", {}),
    ("máy thổi khí 7.5kW", {}),
    ("lò đốt rác", {}),
    ("xe ép rác", {}),
    ("máy ép bùn Bắc Ninh", {}),
    ("quan trắc khí thải tự động", {}),
    ("inox 316", {}),
    ("bom dinh luong", {}),
    ("máy ép bun", {}),
    ("thap hap thu", {}),
    ("cyclone", {}),
    ("", {"category": "WW"}),
    ("máy", {"category": "COL"}),
    ("bơm", {"province": "Hà Nội"}),
    ("lọc bụi túi vải", {"category": "AIR"}),
    ("compost", {}),
    ("sensor pH", {}),
    ("may nghien nhua", {}),
    ("thiết bị", {}),
]


def synthetic(n: int, seed: int = 7) -> list[Document]:
    """n product documents from the demo generator (about 7.5 products a supplier),
    followed by the documents of their suppliers, as a rebuild writes them."""
    cats = {r["code"]: r for r in category_rows()}
    suppliers, products = build(max(1, n // 7), seed)
    while len(products) < n:  # the generator draws 5-10 a supplier: top up
        more_s, more_p = build(max(1, (n - len(products)) // 7 + 1), seed + len(products))
        suppliers += more_s
        products += more_p
    by_tax = {s["tax_code"]: s for s in suppliers}
    rng = random.Random(seed)  # nosec B311 - benchmark data
    docs = []
    products = products[:n]
    for i, p in enumerate(products):
        s = by_tax[p["supplier_tax_code"]]
        cat = cats[str(p["category"])]
        parent = cats.get(str(cat["parent_code"])) if cat["parent_code"] else None
        names = [cat["name_vi"], cat["name_en"]] + (
            [parent["name_vi"], parent["name_en"]] if parent else []
        )
        docs.append(
            Document(
                id=f"product:{i + 1}",
                type="product",
                supplier_tax_code=str(s["tax_code"]),
                sku=str(p["sku"]),
                name=str(p["name"]),
                name_en=str(p["name_en"]),
                category=str(p["category"]),
                top_category=str(parent["code"] if parent else cat["code"]),
                category_text=" ".join(map(str, names)),
                specs=str(p["specs"]),
                description=str(p["description"]),
                description_en=str(p["description_en"]),
                supplier_text=" ".join(
                    str(s[k]) for k in ("name", "name_en", "province", "commune")
                ),
                province=str(s["province"]),
                commune=str(s["commune"]),
                origin=str(p["origin"]),
                local_content=int(p["local_content_pct"]) if p["local_content_pct"] != "" else None,
                price=int(p["price_vnd"]) if p["price_vnd"] != "" else None,
                verified=rng.random() < 0.7,
                certifications=[c for c in str(s["certifications"]).split(";") if c],
                created=1_700_000_000 + i,
            )
        )
    return docs + supplier_documents(list(by_tax.values()), products, cats)


def supplier_documents(
    suppliers: list[dict[str, object]],
    products: list[dict[str, object]],
    cats: dict[str, dict[str, object]],
) -> list[Document]:
    """The suppliers' documents, made by the app's own `supplier_document` from
    stand-ins for the ORM rows."""
    categories: dict[str, SimpleNamespace] = {}
    for code, row in cats.items():  # parents first: codes sort top-level first
        parent = categories.get(str(row["parent_code"])) if row["parent_code"] else None
        categories[code] = SimpleNamespace(
            code=code,
            top_code=parent.code if parent else code,
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            parent=parent,
        )
    listed: dict[object, Counter[str]] = {}
    for p in products:
        listed.setdefault(p["supplier_tax_code"], Counter())[str(p["category"])] += 1
    out = []
    for i, s in enumerate(suppliers):
        if s["tax_code"] not in listed:
            continue
        row = SimpleNamespace(
            **s,
            id=i + 1,
            verified=i % 10 < 7,
            certification_list=[c for c in str(s["certifications"]).split(";") if c],
            created_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
        most = [categories[c] for c, _ in listed[s["tax_code"]].most_common()]
        out.append(product_documents.supplier_document(row, most))  # type: ignore[arg-type]
    return out


class PeakRSS:
    """Peak resident memory of this process (Linux), sampled while a phase runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.rss())

    def __enter__(self) -> PeakRSS:
        self.peak = self.rss()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(url: str, docs: list[Document], rounds: int, profile: bool) -> None:
    label = url.split(":", 1)[0]
    backend = open_backend(url)
    if hasattr(backend, "create_tables"):
        backend.create_tables()  # PostgreSQL: what `alembic upgrade head` does for the site
    gc.collect()
    child_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        backend.rebuild(iter(docs))
        build_s = time.perf_counter() - t0
    n_products = sum(d.type == "product" for d in docs)
    print(
        f"[{label}] build {n_products:,} products + {len(docs) - n_products:,} suppliers: "
        f"{build_s:.1f} s = {n_products / build_s:,.0f} products/s "
        f"({len(docs) / build_s:,.0f} documents/s)"
    )
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"[{label}] peak RSS during build: {mem.peak / 2**20:,.0f} MiB"
        + (f" (largest worker process: {child / 1024:,.0f} MiB)" if child > child_before else "")
    )

    # `is not None`: an empty cache is falsy (it has a length).
    caches = [
        c
        for c in (getattr(backend, n, None) for n in ("results_cache", "facet_cache"))
        if c is not None
    ]
    if caches:
        # Measured twice: every call computed (a cold head query, or one just after a
        # write), then with the answer cache a running node keeps.
        sizes = [c.size for c in caches]
        for c in caches:
            c.size = 0
        time_queries(backend, f"{label}, uncached", rounds, None)
        for c, size in zip(caches, sizes, strict=True):
            c.size = size
        time_queries(backend, f"{label}, cached", rounds, None)
        # A live marketplace: a supplier saves a product every 10 searches, and
        # each save empties the cache of every node.
        time_queries(backend, f"{label}, cached, a write every 10 searches", rounds, None, docs[0])
    else:
        time_queries(backend, label, rounds, cProfile.Profile() if profile else None)

    # Single-product update until a search sees it.
    lat = []
    products = docs[:n_products]  # synthetic() lists products before suppliers
    for i in range(10):
        doc = products[i * 97 % n_products]
        marker = f"zqx{i}marker"
        doc.name = f"{doc.name} {marker}"
        t = time.perf_counter()
        backend.index([doc])
        while not backend.search(Query(text=marker)).hits:
            time.sleep(0.001)
        lat.append((time.perf_counter() - t) * 1000)
    print(
        f"[{label}] update visible: median {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms"
    )
    backend.close()


def time_queries(
    backend: SearchBackend,
    label: str,
    rounds: int,
    prof: cProfile.Profile | None,
    write: Document | None = None,
) -> None:
    """Query + facets + first page for the mix, `rounds` times (a write of `write`
    before every tenth search, untimed, when given)."""
    for text, kw in QUERIES:  # warm up caches once, as a running worker would be
        backend.search(Query(text=text, **kw))
    times: list[float] = []
    per_query: dict[str, list[float]] = {}
    with PeakRSS() as mem:
        for r in range(rounds):
            for i, (text, kw) in enumerate(QUERIES):
                if write is not None and (r * len(QUERIES) + i) % 10 == 0:
                    backend.index([write])
                t = time.perf_counter()
                if prof:
                    prof.enable()
                res = backend.search(Query(text=text, page=1, per_page=20, **kw))
                if prof:
                    prof.disable()
                ms = (time.perf_counter() - t) * 1000
                times.append(ms)
                per_query.setdefault(f"{text or '*'} {kw or ''}".strip(), []).append(ms)
                assert res.facets, "facets are part of every answer"
    print(
        f"[{label}] search ({len(times)} calls, {len(QUERIES)} queries): "
        f"p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms, "
        f"p99 {pct(times, 99):.1f} ms, max {max(times):.1f} ms"
    )
    print(f"[{label}] peak RSS while searching: {mem.peak / 2**20:,.0f} MiB")
    slow = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:5]
    print(
        f"[{label}] slowest: " + ", ".join(f"{q!r} {statistics.median(v):.0f} ms" for q, v in slow)
    )
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backends", default="whoosh,postgresql")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    docs = synthetic(args.n)
    print(f"generated {len(docs):,} documents in {time.perf_counter() - t:.1f} s")
    tracemalloc.stop()
    for name in args.backends.split(","):
        if name == "whoosh":
            with tempfile.TemporaryDirectory() as tmp:
                run(f"whoosh:///{tmp}/ix", docs, args.rounds, args.profile)
        elif name == "postgresql":
            run(args.pg, docs, args.rounds, args.profile)


if __name__ == "__main__":
    main()
