"""Relevance on shared/search-dev without a server: imports the development set into
a throw-away SQLite database, builds the index with SEARCH_URL (default Whoosh in a
temporary directory) and prints nDCG@10 / MRR / recall@20 per query class.

    .venv/bin/python bench/relevance.py [--search-url postgresql+psycopg://...] [--worst 8]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "search-dev"


def evaluator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("run_search_eval", DEV / "run_search_eval.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def scores(client, ev, data: Path = DEV) -> list[tuple[dict, tuple[float, float, float]]]:  # type: ignore[no-untyped-def]
    """(query, (nDCG@10, MRR, recall@20)) for every query of the set in `data`."""
    queries, qrels = ev.load_data(data)
    out = []
    for q in queries:
        params = {"q": q["q"], "per_page": 20, "page": 1}
        if q.get("category"):
            params["category"] = q["category"]
        data = json.loads(client.get(f"/api/v1/search?{urlencode(params)}").data)
        judged = qrels.get(q["id"], {})
        grades = [judged.get((r["supplier_tax_code"], r["sku"]), 0) for r in data["results"]]
        out.append((q, ev.score_query(grades, judged)))
    return out


def show(client, ev, text: str, data: Path = DEV) -> None:  # type: ignore[no-untyped-def]
    queries, qrels = ev.load_data(data)
    q = next(q for q in queries if q["q"] == text)
    judged = qrels.get(q["id"], {})
    params = {"q": q["q"], "per_page": 20, "category": q.get("category") or ""}
    data = json.loads(client.get(f"/api/v1/search?{urlencode(params)}").data)
    print(f"== {text} ({data['total']} found; {sum(1 for g in judged.values() if g == 2)} grade 2)")
    returned = set()
    for r in data["results"][:12]:
        key = (r["supplier_tax_code"], r["sku"])
        returned.add(key)
        print(f"  {judged.get(key, 0)} {r['score']:7.2f} {r['name'][:70]}")
    missing = [k for k, g in judged.items() if g == 2 and k not in returned]
    print(f"  missing grade-2 in top 12: {missing[:6]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--search-url", default="")
    parser.add_argument("--worst", type=int, default=8)
    parser.add_argument("--data", action="append", default=[], help="query set folder(s)")
    parser.add_argument("--show", action="append", default=[], help="query text to explain")
    args = parser.parse_args()
    from alembic import command
    from alembic.config import Config

    from marketplace import create_app

    with tempfile.TemporaryDirectory() as tmp:
        cfg = Config(str(ROOT / "alembic.ini"))
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{tmp}/dev.db")
        command.upgrade(cfg, "head")
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp}/dev.db",
                "SEARCH_URL": args.search_url or f"whoosh:///{tmp}/ix",
                "SECRET_KEY": "relevance",
                "UPLOAD_FOLDER": f"{tmp}/uploads",
            }
        )
        runner = app.test_cli_runner()
        result = runner.invoke(
            args=["registry", "import", str(DEV / "suppliers.csv"), str(DEV / "products.csv")]
        )
        assert result.exit_code == 0, result.output[-2000:]
        runner.invoke(args=["search", "reindex"])
        for folder in args.data or [str(DEV), str(DEV / "wording")]:
            data = Path(folder)
            print(f"# {data.name}")
            rows = scores(app.test_client(), evaluator(), data)
            for text in args.show:
                if any(q["q"] == text for q, _ in rows):
                    show(app.test_client(), evaluator(), text, data)
            report(rows, args.worst)


def report(rows, worst: int) -> None:  # type: ignore[no-untyped-def]
    by_class = defaultdict(list)
    for q, s in rows:
        by_class[q["class"]].append(s)
        by_class["all"].append(s)
    for name, values in by_class.items():
        n = len(values)
        print(
            f"{name:9} n={n:3}  nDCG@10 {sum(v[0] for v in values) / n:.3f}  "
            f"MRR {sum(v[1] for v in values) / n:.3f}  R@20 {sum(v[2] for v in values) / n:.3f}"
        )
    for q, s in sorted(rows, key=lambda r: r[1][0])[:worst]:
        print(f"  {s[0]:.3f} {q['class']:8} {q['q']}")


if __name__ == "__main__":
    main()
