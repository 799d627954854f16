"""What analysis gives for a document is fixed: the field terms, the Whoosh fields
(with the fingerprint `search check` compares) and weighted terms, and the
PostgreSQL row of a few demo products and edge cases, recorded in
golden_analysis.json before analysis was made faster. A change here re-ranks every
index and makes every stored fingerprint stale: it must be deliberate (rewrite the
file and say why)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import analysis, postgres_rows
from search import fields as F
from search import whoosh_schema as S
from search.base import Document

GOLDEN = json.loads(Path(__file__).with_name("golden_analysis.json").read_text("utf-8"))


def _decoded(values: dict[str, object]) -> dict[str, object]:
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in values.items()}


@pytest.mark.parametrize("case", GOLDEN["documents"], ids=lambda c: c["document"]["id"])
def test_a_documents_terms_and_fields_are_as_recorded(case):
    doc = Document(**case["document"])
    for _ in range(2):  # cold and warm memo caches give the same
        assert F.field_terms(doc) == case["field_terms"]
        fields, terms = S.prepared(doc)
        assert _decoded(fields) == case["fields"]
        assert list(terms.items()) == [tuple(t) for t in case["terms"]]  # order too
        assert S.document_fields(doc)["all"] == case["all"]
        assert postgres_rows.row_values(doc) == case["postgres_row"]


@pytest.mark.parametrize("case", GOLDEN["texts"], ids=lambda c: c["text"] or "empty")
def test_text_analysis_is_as_recorded(case):
    text = case["text"]
    assert analysis.tokens(text) == case["tokens"]
    assert analysis.words(text) == case["words"]
    assert analysis.exact_tokens(text) == case["exact_tokens"]
    assert F.en_tokens(text) == case["en"]
