"""Whoosh backend: the embedded default. Text is analysed by search.analysis before
it reaches Whoosh, which then only splits on spaces."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from whoosh import index as windex
from whoosh import query as Q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.scoring import BM25F
from whoosh.sorting import Count, Facets, FieldFacet

from search import analysis
from search.base import Document, Hit, Query, Results

log = logging.getLogger(__name__)
_WS = SpaceSeparatedTokenizer()
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


def _schema() -> Schema:
    text = {name: TEXT(analyzer=_WS, field_boost=w, phrase=False) for name, w in WEIGHTS.items()}
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        **text,
        top_category=ID,
        category=ID,
        province=ID,
        commune=ID,
        made_in=ID,
        lc_band=ID,
        cert=KEYWORD(commas=True),
        verified=ID,
        local_content=NUMERIC(sortable=True),
        price=NUMERIC(sortable=True, bits=64),
        created=NUMERIC(sortable=True, bits=64),
        active=BOOLEAN,
    )


def _lc_band(pct: int | None) -> str:
    if pct is None:
        return "unknown"
    return "0-29" if pct < 30 else "30-59" if pct < 60 else "60-100"


def _en(text: str) -> str:
    return " ".join(stem(t) for t in analysis.tokens(text) if not t[0].isdigit())


def _fields(doc: Document) -> dict[str, object]:
    name_toks = analysis.tokens(f"{doc.name} {doc.name_en}")
    return {
        "id": doc.id,
        "type": doc.type,
        "name": " ".join(name_toks),
        "name_bi": " ".join(
            analysis.bigrams(analysis.tokens(doc.name))
            + analysis.bigrams(analysis.tokens(doc.name_en))
        ),
        "name_exact": " ".join(analysis.exact_tokens(doc.name)),
        "cat_text": " ".join(analysis.tokens(doc.category_text)),
        "specs": " ".join(analysis.tokens(doc.specs)),
        "body": " ".join(analysis.tokens(f"{doc.description} {doc.description_en}")),
        "en": _en(f"{doc.name_en} {doc.description_en}"),
        "supplier": " ".join(analysis.tokens(doc.supplier_text)),
        "top_category": doc.top_category,
        "category": doc.category,
        "province": doc.province,
        "commune": doc.commune,
        "made_in": "VN" if doc.origin == "VN" else "imported",
        "lc_band": _lc_band(doc.local_content),
        "cert": ",".join(doc.certifications),
        "verified": "yes" if doc.verified else "no",
        "local_content": doc.local_content if doc.local_content is not None else -1,
        "price": doc.price if doc.price is not None else 0,
        "created": doc.created,
    }


class WhooshBackend:
    """One index directory; writes are serialised with a lock timeout so several
    workers can write without losing updates."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._searcher = None
        self._generation = -1
        self.ix = self._open()

    def _open(self):  # type: ignore[no-untyped-def]
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            if windex.exists_in(str(self.path)):
                return windex.open_dir(str(self.path))
        except Exception:  # noqa: BLE001 - whoosh raises many kinds for a corrupt index
            # An unreadable index starts empty; `flask search reindex` refills it.
            log.warning("search index at %s is unreadable; created an empty one", self.path)
        return windex.create_in(str(self.path), _schema())

    def _writer(self):  # type: ignore[no-untyped-def]
        return self.ix.writer(timeout=30.0)

    def index(self, docs: list[Document]) -> None:
        if not docs:
            return
        with self._lock:
            writer = self._writer()
            for doc in docs:
                writer.update_document(**_fields(doc))
            writer.commit()

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        with self._lock:
            writer = self._writer()
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)
            writer.commit()

    def rebuild(self, docs: list[Document]) -> None:
        with self._lock:
            self.ix = windex.create_in(str(self.path), _schema())
            writer = self.ix.writer(procs=1, limitmb=256)
            for doc in docs:
                writer.add_document(**_fields(doc))
            writer.commit(optimize=True)
            self._searcher = None

    def _get_searcher(self):  # type: ignore[no-untyped-def]
        # One long-lived searcher per process, reopened when any process committed
        # (Searcher.refresh() missed delete-only commits in our tests).
        generation = self.ix.latest_generation()
        if self._searcher is None or self._generation != generation:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self.ix.searcher(weighting=BM25F())
            self._generation = generation
        return self._searcher

    def all_ids(self) -> set[str]:
        with self.ix.searcher() as s:
            return {f["id"] for f in s.all_stored_fields()}

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _text_query(self, text: str) -> Q.Query | None:
        slots = analysis.slots(text)
        if not slots:
            return None
        exact = set(analysis.exact_tokens(text))
        clauses = []
        for alternatives in slots:
            options = []
            for i, phrase in enumerate(alternatives):
                words = [self._word(t, exact) for t in phrase]
                seq = Q.And(words) if len(words) > 1 else words[0]
                if len(phrase) > 1:
                    bis = [
                        Q.Term("name_bi", f"{a}_{b}")
                        for a, b in zip(phrase, phrase[1:], strict=False)
                    ]
                    seq = Q.AndMaybe(seq, Q.Or(bis))
                # The words typed count a little more than their synonyms.
                options.append(seq if i == 0 else Q.Or([seq], boost=0.8))
            clauses.append(Q.Or(options) if len(options) > 1 else options[0])
        minmatch = max(1, len(clauses) - (len(clauses) // 4))
        return Q.Or(clauses, minmatch=minmatch) if len(clauses) > 1 else clauses[0]

    @staticmethod
    def _word(token: str, exact: set[str]) -> Q.Query:
        fields = [Q.Term(f, token) for f in ("name", "cat_text", "specs", "body", "supplier")]
        if not token[0].isdigit():
            fields.append(Q.Term("en", stem(token)))
        return Q.Or(fields)

    def search(self, query: Query) -> Results:
        searcher = self._get_searcher()
        text_q = self._text_query(query.text)
        filters = []
        if query.category:
            code = query.category.upper()
            filters.append(Q.Or([Q.Term("category", code), Q.Term("top_category", code)]))
        if query.province:
            filters.append(Q.Term("province", query.province))
        base = text_q if text_q is not None else Q.Every()
        final = Q.And([base, *filters]) if filters else base
        facets = Facets()
        for name in FACETS:
            facets.add_field(name, allow_overlap=(name == "cert"))
        page = searcher.search_page(
            final,
            query.page,
            pagelen=query.per_page,
            groupedby=facets,
            maptype=Count,
            sortedby=None if text_q is not None else FieldFacet("created", reverse=True),
        )
        results = page.results
        counts = {
            name: {str(k): v for k, v in results.groups(name).items() if k} for name in FACETS
        }
        hits = [Hit(hit["id"], float(hit.score or 0.0)) for hit in page]
        suggestion = None
        if text_q is not None and results.estimated_length() < 3:
            suggestion = self._suggest(searcher, query.text)
        return Results(total=len(results), hits=hits, facets=counts, suggestion=suggestion)

    @staticmethod
    def _suggest(searcher, text: str) -> str | None:  # type: ignore[no-untyped-def]
        corrector = searcher.corrector("name")
        toks = analysis.tokens(text)
        fixed = [(corrector.suggest(t, limit=1) or [t])[0] for t in toks]
        return " ".join(fixed) if fixed != toks else None


def index_exists(path: str) -> bool:
    return os.path.isdir(path) and windex.exists_in(path)
