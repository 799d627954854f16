"""Relevance regression on the development set (shared/search-dev): nDCG@10 must
stay above a floor a little under what the engine reaches (0.879 overall)."""

import importlib.util
import json
from urllib.parse import urlencode

import pytest

from tests.conftest import ROOT

DEV = ROOT.parent / "shared" / "search-dev"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEV.is_dir(), reason="shared/search-dev is not present"),
]
FLOOR_OVERALL = 0.85


def _evaluator():
    spec = importlib.util.spec_from_file_location("run_search_eval", DEV / "run_search_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_development_set_ndcg_stays_above_the_floor(app, client, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("relevance does not depend on the database engine; run once")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["registry", "import", str(DEV / "suppliers.csv"), str(DEV / "products.csv")]
    )
    assert result.exit_code == 0, result.output[-1000:]
    ev = _evaluator()
    queries, qrels = ev.load_data(DEV)
    scores = []
    for q in queries:
        params = {"q": q["q"], "per_page": 20, "page": 1}
        if q.get("category"):
            params["category"] = q["category"]
        data = json.loads(client.get(f"/api/v1/search?{urlencode(params)}").data)
        judged = qrels.get(q["id"], {})
        grades = [judged.get((r["supplier_tax_code"], r["sku"]), 0) for r in data["results"]]
        scores.append(ev.score_query(grades, judged)[0])
    overall = sum(scores) / len(scores)
    assert overall >= FLOOR_OVERALL, f"nDCG@10 {overall:.3f} < {FLOOR_OVERALL}"
