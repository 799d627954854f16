"""A document as analysed fields, the same for every backend: each backend maps these
fields onto its own weights (Whoosh field boosts, PostgreSQL A-D weights)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from search import analysis, intent
from search.base import Document
from search.stemming import english_stem

# Field weights: name > category > specs > description > supplier.
WEIGHTS = {
    "name": 6.0,
    "name_bi": 4.0,
    "name_exact": 1.5,
    "cat_text": 3.0,
    "specs": 2.0,
    "body": 1.0,
    "en": 1.5,
    "supplier": 2.5,
    # Specification and description words with their tone marks: a query typed with
    # marks ranks "băng tải" above "sản xuất tại" (both fold to "tai").
    "text_exact": 0.6,
    # Codes, registered names and the category: matched whole, never scored as text.
    "ident": 0.1,
}
FACETS = (
    "top_category",
    "category",
    "province",
    "commune",
    "made_in",
    "lc_band",
    "cert",
    "verified",
)


def lc_band(pct: float | None) -> str:
    if pct is None:
        return "unknown"
    return "0-29" if pct < 30 else "30-59" if pct < 60 else "60-100"


def en_tokens(text: str) -> list[str]:
    return [english_stem(t) for t in analysis.tokens(text) if not t[0].isdigit()]


@lru_cache(maxsize=20_000)
def _name_key(name: str) -> str | None:
    # A supplier's names are on every one of its products: a fifth of the analysis
    # time when worked out again for each.
    return intent.name_key(name)


@lru_cache(maxsize=20_000)
def _shared_tokens(text: str) -> list[str]:
    # Category and supplier texts repeat on every product of the category/supplier.
    return analysis.tokens(text)


def text_fields(doc: Document) -> dict[str, list[str]]:
    """Analysed tokens per weighted field."""
    name, name_en = analysis.tokens(doc.name), analysis.tokens(doc.name_en)
    # The English description is in two fields: folded and split once (the words
    # of "description description_en" are those of each, see analysis.folded_words).
    description = analysis.folded_words(doc.description)
    description_en = analysis.folded_words(doc.description_en)
    return {
        "name": name + name_en,
        "name_bi": analysis.bigrams(name) + analysis.bigrams(name_en),
        "name_exact": analysis.exact_tokens(doc.name),
        "text_exact": analysis.exact_tokens(f"{doc.specs} {doc.description}"),
        "cat_text": _shared_tokens(doc.category_text),
        "specs": analysis.tokens(doc.specs),
        "body": analysis.tokens_of(description + description_en),
        "en": _stems(name_en) + _stems(analysis.tokens_of(description_en)),
        "supplier": _shared_tokens(doc.supplier_text),
    }


def _stems(toks: list[str]) -> list[str]:
    return [english_stem(t) for t in toks if not t[0].isdigit()]


def field_terms(doc: Document) -> dict[str, list[str]]:
    """Index terms per weighted field, as both backends index them: English stems as
    `~stem`, words with diacritics also as `=word` (so an exact-diacritic match can
    rank first)."""
    out = text_fields(doc)
    out["en"] = ["~" + t for t in out["en"]]
    for name in ("name_exact", "text_exact"):
        # Folded words are ASCII: a word that is not kept a tone mark or a letter
        # such as đ (the same test as fold(t) != t, without folding every word).
        out[name] = ["=" + t for t in out[name] if not t.isascii()]
    out["ident"] = ident_terms(doc)
    return out


def ident_terms(doc: Document) -> list[str]:
    """Whole-value terms: the product's codes (`#sku`, `#taxcode`, `#hscode`), its
    supplier's registered names without legal form (`@…`) and its top category
    (`%ww`)."""
    codes = intent.code_terms(doc.sku, doc.supplier_tax_code, doc.hs_code)
    names = [_name_key(n) for n in (doc.supplier_name, doc.supplier_name_en)]
    out = codes + [n for n in names if n and n not in codes]
    if doc.top_category:
        out.append(intent.category_term(doc.top_category))
    return out


def index_terms(doc: Document) -> Iterator[tuple[str, str]]:
    """(term, field) in field order (see field_terms)."""
    for field, terms in field_terms(doc).items():
        for term in terms:
            yield term, field


def facet_values(doc: Document) -> dict[str, object]:
    return {
        "top_category": doc.top_category,
        "category": doc.category,
        "province": doc.province,
        "commune": doc.commune,
        "made_in": "VN" if doc.origin == "VN" else "imported",
        "lc_band": lc_band(doc.local_content),
        "cert": list(doc.certifications),
        "verified": "yes" if doc.verified else "no",
    }
