"""What the Whoosh backend writes for a document: the schema, the codec and the
field values (changes when the stored form of a document changes; an index of an
older form is detected by `is_current` and rebuilt).

One weighted catch-all field holds every token: its posting weight is the sum of
the field weights of the places the token occurs, i.e. BM25F's weighted term
frequency (see whoosh_backend)."""

from __future__ import annotations

import hashlib
import operator
from collections import Counter

from whoosh import columns, formats
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.fields import COLUMN, ID, STORED, FieldType, Schema

from search import fields as F
from search.base import Document

# Columns read as value codes per document: facets, then the supplier and type.
COLUMNS = (*F.FACETS, "supplier", "type")


class WeightedTerms(formats.Format):
    """Postings of pre-analysed terms: the field value is `term^weight term^weight`
    (each term once, as `weighted_terms` sums them). Whoosh's analyzer chain (a
    Token object per term) and its per-posting frequency bytes are skipped: they were
    a third of the build time, and the weight is all the scoring reads."""

    posting_size = 0

    def word_values(self, value, analyzer, **kwargs):  # type: ignore[no-untyped-def]
        for item in value.split(" "):
            term, _, weight = item.rpartition("^")
            yield term, 1, float(weight), b""

    def encode(self, value):  # type: ignore[no-untyped-def]
        return b""

    def decode_frequency(self, valuestring):  # type: ignore[no-untyped-def]
        return 1

    def decode_weight(self, valuestring):  # type: ignore[no-untyped-def]
        return 1.0


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer with its per-block encodings done in C: the same
    values (so the same bytes), a fifth of the time it took to finish a segment."""

    def _mini_ids(self):  # type: ignore[no-untyped-def]
        ids = self._ids
        if self._byteids or not ids:
            return tuple(ids)
        # Deltas from the previous id (the first from 0), as whoosh's delta_encode.
        return (ids[0], *map(operator.sub, ids[1:], ids[:-1]))

    def _mini_weights(self):  # type: ignore[no-untyped-def]
        weights = self._weights
        if not weights:
            return None  # all() of nothing
        first = weights[0]
        if weights.count(first) == len(weights):
            return None if first == 1.0 else first
        return tuple(weights)


class _Codec(W3Codec):
    """Whoosh's own codec without per-block field-length statistics: they cost a
    column lookup (a file `stat`, for a field without lengths) for every posting
    written, and only Whoosh's own scorers read them; ours uses the `dl` column."""

    length_stats = False

    def postings_writer(self, dbfile, byteids=False):  # type: ignore[no-untyped-def]
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


CODEC = _Codec()


def schema() -> Schema:
    # Not scorable: the document length Whoosh would keep per posting is our own `dl`
    # column, and looking it up for every posting cost a tenth of the build.
    all_terms = FieldType(WeightedTerms(), analyzer=None, scorable=False)
    # Facets and sort values are columns only (no postings): filtering and counting
    # happen on arrays, and indexing a term per value cost a third of the build time.
    facet_columns = {name: COLUMN(columns.RefBytesColumn()) for name in COLUMNS}
    return Schema(
        id=ID(stored=True, unique=True),
        # The id again as a column: the last tie-break of the rank order (document
        # numbers depend on the order documents were written in).
        key=COLUMN(columns.VarBytesColumn()),
        # A digest of everything written for the document: `search check` compares
        # it with the digest of the document the database gives now.
        fp=COLUMN(columns.VarBytesColumn()),
        all=all_terms,
        name=STORED,
        **facet_columns,
        dl=COLUMN(columns.NumericColumn("I")),  # weighted length x 2 (weights are k/2)
        local_content=COLUMN(columns.NumericColumn("d", default=-1)),
        price=COLUMN(columns.NumericColumn("q", default=-1)),
        created=COLUMN(columns.NumericColumn("q")),
    )


def is_current(held: Schema) -> bool:
    """Was an index with schema `held` written in the form this version reads?"""
    return (
        "all" in held
        and isinstance(held["all"].format, WeightedTerms)
        and {"type", "key", "fp"} <= set(held.names())
    )


def weighted_terms(doc: Document) -> dict[str, float]:
    """term -> summed field weight (BM25F's weighted term frequency)."""
    terms: dict[str, float] = {}
    get = terms.get
    weights = F.WEIGHTS
    for field, field_terms in F.field_terms(doc).items():
        weight = weights[field]
        for term, n in Counter(field_terms).items():  # counted in C: a fifth of the build
            old = get(term)
            terms[term] = n * weight if old is None else old + n * weight
    return terms


def prepared(doc: Document) -> tuple[dict[str, object], dict[str, float]]:
    """The fields of `doc` but `all`, and the terms and weights `all` holds."""
    terms = weighted_terms(doc)
    facets = F.facet_values(doc)
    fields: dict[str, object] = {
        "id": doc.id,
        "key": doc.id.encode(),
        "name": doc.name,
        **{k: (",".join(v) if isinstance(v, list) else str(v)).encode() for k, v in facets.items()},
        "supplier": doc.supplier_tax_code.encode(),
        "type": doc.type.encode(),
        "dl": round(2 * sum(terms.values())),
        "local_content": float(doc.local_content) if doc.local_content is not None else -1.0,
        "price": doc.price if doc.price is not None else -1,
        "created": doc.created,
    }
    fields["fp"] = _digest({**fields, "all": all_text(terms)})
    return fields, terms


def document_fields(doc: Document) -> dict[str, object]:
    """Every field value written for `doc` (Whoosh's `add_document` arguments)."""
    fields, terms = prepared(doc)
    return {**fields, "all": all_text(terms)}


class _WeightText(dict[float, str]):
    """weight -> `^weight` as `all` writes it."""

    def __missing__(self, weight: float) -> str:
        self[weight] = text = "^" + format(weight, "g")
        return text


_WEIGHT_TEXT = _WeightText()


def all_text(terms: dict[str, float]) -> str:
    # Weights are sums of a few field weights: their text is looked up, not formatted.
    text = _WEIGHT_TEXT
    return " ".join([t + text[w] for t, w in terms.items()])


def _digest(fields: dict[str, object]) -> bytes:
    return (
        hashlib.blake2b(repr(sorted(fields.items())).encode(), digest_size=12).hexdigest().encode()
    )
