"""Relevance regression on the development set (shared/search-dev), on each backend:
nDCG@10 must stay above floors a little under what the engines reach (Whoosh 0.932
overall, every class >= 0.85; PostgreSQL 0.945, every class >= 0.89)."""

from collections import defaultdict

import pytest

from bench.relevance import DEV, evaluator, scores

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEV.is_dir(), reason="shared/search-dev is not present"),
]
FLOORS = {"sqlite": (0.91, 0.83), "postgresql": (0.92, 0.86)}  # (overall, every class)


def test_development_set_ndcg_stays_above_the_floor(app, client, database_url):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["registry", "import", str(DEV / "suppliers.csv"), str(DEV / "products.csv")]
    )
    assert result.exit_code == 0, result.output[-1000:]
    by_class = defaultdict(list)
    for query, (ndcg, _mrr, _recall) in scores(client, evaluator()):
        by_class[query["class"]].append(ndcg)
    overall_floor, class_floor = FLOORS[database_url.split(":")[0].split("+")[0]]
    everything = [v for values in by_class.values() for v in values]
    overall = sum(everything) / len(everything)
    assert overall >= overall_floor, f"nDCG@10 {overall:.3f} < {overall_floor}"
    for name, values in by_class.items():
        mean = sum(values) / len(values)
        assert mean >= class_floor, f"{name}: nDCG@10 {mean:.3f} < {class_floor}"
