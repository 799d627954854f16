"""Relevance on the development sets (shared/search-dev: the first set, and wording/:
buyer wording, supplier names, codes), on each backend. The floors are the issue's
goals: nDCG@10 >= 0.95 overall and >= 0.90 for every query class. Reached when they
were set: Whoosh 0.958 / 0.986, PostgreSQL 0.961 / 0.988 (first set / wording)."""

from collections import defaultdict

import pytest

from bench.relevance import DEV, evaluator, scores

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEV.is_dir(), reason="shared/search-dev is not present"),
]
OVERALL, EVERY_CLASS = 0.95, 0.90


def test_development_sets_ndcg_stay_above_the_goals(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["registry", "import", str(DEV / "suppliers.csv"), str(DEV / "products.csv")]
    )
    assert result.exit_code == 0, result.output[-1000:]
    failures = []
    for data in (DEV, DEV / "wording"):
        by_class = defaultdict(list)
        for query, (ndcg, _mrr, _recall) in scores(client, evaluator(), data):
            by_class[query["class"]].append(ndcg)
        everything = [v for values in by_class.values() for v in values]
        overall = sum(everything) / len(everything)
        if overall < OVERALL:
            failures.append(f"{data.name}: nDCG@10 {overall:.3f} < {OVERALL}")
        for name, values in by_class.items():
            mean = sum(values) / len(values)
            if mean < EVERY_CLASS:
                failures.append(f"{data.name} {name}: nDCG@10 {mean:.3f} < {EVERY_CLASS}")
    assert not failures, failures
