"""Every endpoint of the JSON API is in its OpenAPI document."""

import re

import pytest

pytestmark = pytest.mark.engine_independent


def test_every_api_rule_is_documented(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")]
    assert rules
    for rule in rules:
        # Flask's <converter:name> is OpenAPI's {name}.
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        assert path in paths, f"{rule.rule} ({rule.endpoint}) is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {rule.rule} is not documented"
