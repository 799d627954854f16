"""Whoosh backend: the embedded default.

Whoosh stores and maintains the index (segments, deletions, locking, merging); the
query is evaluated here with numpy over Whoosh's postings. Profiling Whoosh's own
searcher at 100k products showed the time going into per-document Python work:
scoring every match (BM25F over several fields) and counting facets per match
(~30 µs a match, ~900 ms for a query matching a third of the catalogue). Here one
weighted catch-all field holds every token (its posting weight is the sum of the
field weights of the places the token occurs, i.e. BM25F's weighted term frequency),
a query reads each term's postings once as arrays (cached per immutable segment),
and scoring, filtering, facet counting and sorting are array operations.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh import columns, formats
from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import COLUMN, ID, STORED, FieldType, Schema
from whoosh.matching.wrappers import FilterMatcher

from search import fields as F
from search import ranking, whoosh_build
from search.base import Document, Drift, Hit, IndexUnavailable, Query, Results

log = logging.getLogger(__name__)
T = TypeVar("T")
K1 = 6.0  # saturation, on the scale of the summed field weights (name alone = 6)
B = 0.5
COLUMNS = (*F.FACETS, "supplier", "type")
_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))


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


class _Codec(W3Codec):
    """Whoosh's own codec without per-block field-length statistics: they cost a
    column lookup (a file `stat`, for a field without lengths) for every posting
    written, and only Whoosh's own scorers read them; ours uses the `dl` column."""

    length_stats = False


CODEC = _Codec()


def _schema() -> Schema:
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


def weighted_terms(doc: Document) -> dict[str, float]:
    """term -> summed field weight (BM25F's weighted term frequency)."""
    terms: Counter[str] = Counter()
    for field, field_terms in F.field_terms(doc).items():
        weight = F.WEIGHTS[field]
        for term, n in Counter(field_terms).items():  # counted in C: a fifth of the build
            terms[term] += n * weight
    return terms


def _prepared(doc: Document) -> tuple[dict[str, object], dict[str, float]]:
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
    fields["fp"] = _digest({**fields, "all": _all_text(terms)})
    return fields, terms


def _fields(doc: Document) -> dict[str, object]:
    fields, terms = _prepared(doc)
    return {**fields, "all": _all_text(terms)}


_WEIGHT_TEXT: dict[float, str] = {}


def _all_text(terms: dict[str, float]) -> str:
    # Weights are sums of a few field weights: their text is looked up, not formatted.
    text = _WEIGHT_TEXT
    return " ".join(
        [f"{t}^{text.get(w) or text.setdefault(w, format(w, 'g'))}" for t, w in terms.items()]
    )


def _digest(fields: dict[str, object]) -> bytes:
    return (
        hashlib.blake2b(repr(sorted(fields.items())).encode(), digest_size=12).hexdigest().encode()
    )


@dataclass
class _Segment:
    """Arrays for one immutable segment (rebuilt when its deletions change)."""

    live: np.ndarray
    dl: np.ndarray
    dl2: np.ndarray  # the stored integer (twice the weighted length): summed exactly
    key: np.ndarray  # document ids (bytes), for the final tie-break
    quality: np.ndarray
    local_content: np.ndarray
    price: np.ndarray
    created: np.ndarray
    codes: dict[str, np.ndarray]  # column -> value code per document
    values: dict[str, list[str]]  # column -> code -> value


def _column(reader, name: str) -> list:  # type: ignore[no-untyped-def]
    return list(reader.column_reader(name))


def _load_segment(reader) -> _Segment:  # type: ignore[no-untyped-def]
    n = reader.doc_count_all()
    live = np.zeros(n, bool)
    live[np.fromiter(reader.all_doc_ids(), np.int64)] = True
    codes, values = {}, {}
    for name in COLUMNS:
        raw = _column(reader, name)
        table: dict[str, int] = {}
        codes[name] = np.fromiter((table.setdefault(v, len(table)) for v in raw), np.int32, n)
        values[name] = [v.decode() for v in table]
    lc = np.asarray(_column(reader, "local_content"), np.float32)
    verified = codes["verified"] == (
        values["verified"].index("yes") if "yes" in values["verified"] else -1
    )
    quality = (
        1.0
        + ranking.VERIFIED_BOOST * verified
        + ranking.LOCAL_CONTENT_BOOST * np.clip(lc, 0, 100) / 100
    )
    dl2 = np.asarray(_column(reader, "dl"), np.int64)
    return _Segment(
        live=live,
        dl=dl2.astype(np.float32) / 2,
        dl2=dl2,
        key=np.asarray(_column(reader, "key"), dtype=bytes),
        quality=quality.astype(np.float32),
        local_content=lc,
        price=np.asarray(_column(reader, "price"), np.float64),
        created=np.asarray(_column(reader, "created"), np.float64),
        codes=codes,
        values=values,
    )


def _postings(reader, term: str, live: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """(docnums, weights) of a term's live documents in one segment, read block by
    block."""
    if (("all", term)) not in reader:
        return _EMPTY
    m = reader.postings("all", term)
    if isinstance(m, FilterMatcher):
        # A segment with deleted documents wraps its postings in a filter whose
        # per-posting API decodes every weight as 1.0 (WeightedTerms keeps weights
        # in the blocks only): every other document of the segment then scored as
        # if each term occurred once, in one field of weight 1, until the segment
        # was merged away. Read the blocks and drop deleted documents here.
        m = m.child
        m.reset()
    ids: list[int] = []
    weights: list[float] = []
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        # whoosh3 leaf matcher: whole blocks at once (pinned whoosh-reloaded 2.7.5).
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
    else:  # any other codec: the public, per-posting API
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    docnums = np.asarray(ids, np.int64)
    keep = live[docnums]
    return docnums[keep], np.asarray(weights, np.float32)[keep]


class _LRU:
    """A size-bounded cache of term postings (keys include the segment id and its
    live document count: a segment's documents never change and deletions only
    grow, so entries never go stale)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.data: OrderedDict[object, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: object, load) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        value = load()
        size = value[0].nbytes + value[1].nbytes
        with self.lock:
            self.data[key] = value
            self.bytes += size
            while self.bytes > self.max_bytes and len(self.data) > 1:
                _, old = self.data.popitem(last=False)
                self.bytes -= old[0].nbytes + old[1].nbytes
        return value


@dataclass
class _View:
    """One searcher and its segments' arrays, swapped whole after a commit."""

    searcher: object
    generation: int
    # reader, (segment id, live documents), offset, arrays
    leaves: list[tuple[object, tuple[str, int], int, _Segment]]
    # Per document type ("product", "supplier"): live documents and their mean
    # weighted length. Scoring statistics are per type, so indexing suppliers does
    # not change how products rank. They are computed from the live documents only
    # (never from Whoosh's own term statistics, which count deleted documents until
    # a merge), so they are the same however the index came to hold them.
    n_docs: dict[str, int]
    avgdl: dict[str, float]
    places: dict[str, list[tuple[str, str]]]


class WhooshBackend:
    """One index directory. Writes take Whoosh's lock (waiting up to 30 s), so several
    processes can write without losing updates; each process keeps one searcher and
    reopens it when any process committed."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._view: _View | None = None
        self._segments: dict[tuple[str, int], _Segment] = {}
        self._postings = _LRU(256 * 2**20)
        self.ix = self._open()

    # -- index lifecycle ---------------------------------------------------------

    def _open(self):  # type: ignore[no-untyped-def]
        """The index in `path`; a fresh empty one if there is none or it is damaged.
        One built by an older version is kept but marked outdated: searches raise
        IndexUnavailable (the site answers from the database and rebuilds it)."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.outdated = False
        # exists_in opens the index: it races another process's commit like any read.
        if not _retry(lambda: windex.exists_in(str(self.path))):
            return windex.create_in(str(self.path), _schema())
        try:
            ix = _retry(lambda: windex.open_dir(str(self.path)))
        except Exception:  # noqa: BLE001 - whoosh raises many kinds for a corrupt index
            log.warning("search index at %s is unreadable; created an empty one", self.path)
            return windex.create_in(str(self.path), _schema())
        if not _current_schema(ix.schema):
            log.warning("search index at %s has an older format: rebuild it", self.path)
            self.outdated = True
        return ix

    def _check_current(self) -> None:
        if not self.outdated:
            return
        with self._lock:
            if self.outdated:  # another process may have rebuilt it since
                self.ix = self._open()
            if self.outdated:
                raise IndexUnavailable(f"search index at {self.path} has an older format")

    def _writer(self):  # type: ignore[no-untyped-def]
        return self.ix.writer(timeout=30.0, codec=CODEC)

    def index(self, docs: list[Document]) -> None:
        if not docs:
            return
        self._check_current()
        # The writer commits, or cancels on an error (releasing the lock).
        with self._lock, self._writer() as writer, writer.searcher() as searcher:
            # Not update_document: it deletes only the first document holding the
            # id, so a document held twice (see verify) would stay twice.
            for doc in docs:
                writer.delete_by_term("id", doc.id, searcher=searcher)
                writer.add_document(**_fields(doc))

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self._check_current()
        with self._lock, self._writer() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)

    def rebuild(self, docs: Iterable[Document], idle: Callable[[], None] | None = None) -> None:
        """Replace every document in one commit. The new segments are built beside
        the live index (see whoosh_build), which stays searchable and writable
        meanwhile: `idle()` is called every fraction of a second during the build,
        for writes that should not wait for it."""
        # Indexing is CPU-bound Python: large rebuilds use worker processes (one
        # more than the cores, as the parent reads documents while they analyse).
        procs = (os.cpu_count() or 1) + 1 if _large(docs) else 1
        staged = whoosh_build.build(self.path, _schema(), CODEC, docs, _prepared, procs, idle)
        with self._lock:
            # Replaces an outdated or damaged index too: until now, searches were
            # answered from the old one (or from the database, when unreadable).
            whoosh_build.adopt(self.path, staged)
            self.ix, self.outdated = windex.open_dir(str(self.path)), False
            self._view = None

    def optimize(self) -> None:
        with self._lock:
            self._writer().commit(optimize=True)

    def close(self) -> None:
        view, self._view = self._view, None
        if view is not None:
            view.searcher.close()  # type: ignore[attr-defined]

    # -- reading -----------------------------------------------------------------

    def _current(self) -> _View:
        self._check_current()
        try:
            return _retry(self._current_view)
        except IndexUnavailable:
            raise
        except Exception as exc:  # missing or damaged files
            raise IndexUnavailable(f"search index at {self.path} cannot be read: {exc}") from exc

    def _current_view(self) -> _View:
        generation = self.ix.latest_generation()
        view = self._view
        if view is not None and view.generation == generation:
            return view
        with self._lock:
            if self._view is not None and self._view.generation == generation:
                return self._view
            self._view = self._new_view(generation)
            return self._view

    def _new_view(self, generation: int) -> _View:
        if generation < 0:
            raise IndexUnavailable(f"no search index at {self.path}")
        searcher = self.ix.searcher()
        leaves = []
        keep = {}
        for reader, offset in searcher.reader().leaf_readers():
            if not reader.doc_count_all():
                continue  # an index rebuilt empty: no segment, nothing to read
            seg = reader.segment() if hasattr(reader, "segment") else None
            seg_id = seg.segment_id() if seg is not None else f"{generation}:{offset}"
            key = (seg_id, reader.doc_count())
            arrays = self._segments.get(key) or _load_segment(reader)
            keep[key] = arrays
            leaves.append((reader, key, offset, arrays))
        self._segments = keep
        n_docs, total_dl2 = _type_statistics([a for *_, a in leaves])
        # Summed as integers: a float sum would depend on how documents fall into segments.
        avgdl = {k: total_dl2[k] / 2 / n if n and total_dl2[k] else 1.0 for k, n in n_docs.items()}
        old, self._view = self._view, None
        if old is not None:
            old.searcher.close()  # type: ignore[attr-defined]
        places = ranking.place_index(
            {
                c: {v for *_, a in leaves for v in _live_values(a, c)}
                for c in ("province", "commune")
            }
        )
        return _View(searcher, generation, leaves, n_docs, avgdl, places)

    def all_ids(self) -> set[str]:
        with self.ix.searcher() as s:
            return {f["id"] for f in s.all_stored_fields()}

    # -- checking ----------------------------------------------------------------

    def verify(self, docs: Iterable[Document]) -> Drift:
        """Missing, extra and stale documents (their stored digest differs from the
        one `docs` give now), and the scoring statistics (live documents and summed
        lengths per type) against those `docs` give. Whoosh's own term statistics
        count deleted documents until a merge; ranking never reads them."""
        view = self._current()
        stored: dict[str, bytes] = {}
        drift = Drift()
        for reader, _key, _offset, a in view.leaves:
            fps = _column(reader, "fp")
            for d in np.flatnonzero(a.live):
                doc_id = a.key[d].decode()
                if doc_id in stored:
                    drift.stale.add(doc_id)  # held twice: counted twice in the statistics
                stored[doc_id] = fps[d]
        n_docs: Counter[str] = Counter()
        dl2: Counter[str] = Counter()
        seen: set[str] = set()
        for doc in docs:
            fields = _fields(doc)
            seen.add(doc.id)
            n_docs[doc.type] += 1
            dl2[doc.type] += int(fields["dl"])  # type: ignore[call-overload]
            if doc.id not in stored:
                drift.missing.add(doc.id)
            elif stored[doc.id] != fields["fp"]:
                drift.stale.add(doc.id)
        drift.extra = set(stored) - seen
        held_n, held_dl2 = _type_statistics([a for *_, a in view.leaves])
        for kind in sorted(set(n_docs) | {k for k, n in held_n.items() if n}):
            if (held_n.get(kind, 0), held_dl2.get(kind, 0)) != (n_docs[kind], dl2[kind]):
                drift.statistics.append(
                    f"{kind} documents: the index counts {held_n.get(kind, 0)} of total "
                    f"length {held_dl2.get(kind, 0) / 2:g}, the database gives "
                    f"{n_docs[kind]} of total length {dl2[kind] / 2:g}"
                )
        return drift

    def repair_statistics(self) -> None:
        """Nothing to recompute: every statistic ranking reads is derived from the
        live documents when a searcher opens. Merging the segments drops deleted
        documents from Whoosh's own counts as well."""
        self._check_current()
        self.optimize()

    def _term(self, view: _View, leaf, term: str):  # type: ignore[no-untyped-def]
        reader, key, _offset, a = leaf
        return self._postings.get((*key, term), lambda: _postings(reader, term, a.live))

    def _df(self, view: _View, term: str, kind: str | None) -> int:
        """Live documents (of type `kind`, or of any type) holding `term`."""
        df = 0
        for leaf in view.leaves:
            reader, _key, _offset, a = leaf
            if kind is None and not reader.has_deletions():
                df += reader.doc_frequency("all", term)  # exact without deletions
                continue
            ids = self._term(view, leaf, term)[0]
            if kind is None:
                df += len(ids)
            elif len(ids) and kind in a.values["type"]:
                df += int(np.count_nonzero(a.codes["type"][ids] == a.values["type"].index(kind)))
        return df

    def _idf(self, view: _View, term: str, kind: str) -> float:
        df = self._df(view, term, kind)
        n = view.n_docs.get(kind, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _score_segment(
        self, view: _View, leaf, plan: ranking.Plan, idf: dict[str, float], kind: str
    ) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
        a = leaf[3]
        n = len(a.live)
        norm = (K1 * (1 - B + B * a.dl / view.avgdl.get(kind, 1.0))).astype(np.float32)

        def term_scores(term: str) -> tuple[np.ndarray, np.ndarray]:
            ids, w = self._term(view, leaf, term)
            return ids, idf[term] * w * (K1 + 1) / (w + norm[ids])

        matched = np.zeros(n, np.int16)
        total = np.zeros(n, np.float32)
        required = len(plan.slots)
        for k, slot in enumerate(plan.slots + plan.optional):
            best = np.zeros(n, np.float32)
            hit = np.zeros(n, bool)
            for alt in slot:
                alt_score = np.zeros(n, np.float32)
                alt_hit = None
                for tok, stem in zip(alt.tokens, _stems(alt.tokens), strict=True):
                    present = np.zeros(n, bool)
                    for term in {tok, f"~{stem}"} if stem else {tok}:
                        ids, s = term_scores(term)
                        present[ids] = True
                        alt_score[ids] += s
                    alt_hit = present if alt_hit is None else alt_hit & present
                for bigram in alt.bigrams:
                    ids, s = term_scores(bigram)
                    alt_score[ids] += s
                alt_score *= alt.factor
                alt_score[~alt_hit] = 0
                np.maximum(best, alt_score, out=best)
                hit |= alt_hit
            if k < required:
                matched += hit
            total += best
        for term in plan.exact:
            ids, s = term_scores(term)
            total[ids] += s
        coord = matched.astype(np.float32)
        n_slots = required
        if plan.places:
            # A place named in the query boosts the suppliers located there; it is
            # never enough to match on its own (unless the query is only a place).
            here = self._in_places(a, plan.places)
            coord += here
            n_slots += 1
            total *= np.where(here, ranking.PLACE_BOOST, 1.0).astype(np.float32)
            if not required:
                return here, total + here
        if n_slots:
            total *= (coord / n_slots) ** ranking.COORD_POWER
        match = matched >= plan.minmatch
        for term, factor in plan.factors:
            total[self._term(view, leaf, term)[0]] *= factor
        for term in plan.anchors:
            ids = self._term(view, leaf, term)[0]
            match[ids] = True
            total[ids] += ranking.ANCHOR_SCORE
        return match, total

    def _in_places(self, a: _Segment, places: list[tuple[str, str]]) -> np.ndarray:
        here = np.zeros(len(a.live), bool)
        for column, value in places:
            here |= self._eq(a, column, value)
        return here

    def _filter_mask(self, a: _Segment, filters: dict[str, str]) -> np.ndarray:
        mask = a.live.copy()
        for name, value in filters.items():
            if name == "category":
                mask &= self._eq(a, "category", value) | self._eq(a, "top_category", value)
            elif name == "cert":
                wanted = [i for i, v in enumerate(a.values["cert"]) if value in v.split(",")]
                mask &= np.isin(a.codes["cert"], wanted)
            else:
                mask &= self._eq(a, name, value)
        return mask

    @staticmethod
    def _eq(a: _Segment, name: str, value: str) -> np.ndarray:
        try:
            return a.codes[name] == a.values[name].index(value)
        except ValueError:
            return np.zeros(len(a.live), bool)

    def _known(self, view: _View, term: str, kind: str) -> bool:
        return self._df(view, term, kind) > 0

    def _correct(self, view: _View, token: str) -> list[str]:
        """Indexed words within one edit (two for long words), first letter kept,
        most frequent first (ranking.corrections)."""
        if len(token) < 3:
            return []
        reader = view.searcher.reader()  # type: ignore[attr-defined]
        maxdist = 2 if len(token) > 5 else 1
        near = {_text(raw) for raw in reader.terms_within("all", token, maxdist, prefix=1)}
        # Live document counts: a word only deleted documents held is no correction.
        live = {w: df for w in near if (df := self._df(view, w, None))}
        return ranking.corrections(token, live)

    def search(self, query: Query) -> Results:
        view = self._current()
        plan = ranking.plan(
            query.text,
            known=lambda t: self._known(view, t, query.type),
            correct=lambda t: self._correct(view, t),
            places=view.places,
        )
        if plan.impossible:
            return Results(
                0, [], {k: {} for k in F.FACETS}, suggestion=plan.suggestion, ignored=plan.set_aside
            )
        results = self._run(view, query, plan)
        if relaxed := ranking.relax(plan, results.total):
            results = self._run(view, query, relaxed)
        return results

    def _run(self, view: _View, query: Query, plan: ranking.Plan) -> Results:
        filters = query.all_filters()
        idf = {t: self._idf(view, t, query.type) for t in plan.terms()}
        scores, docs = [], []
        facet_counts: dict[str, Counter[str]] = {name: Counter() for name in F.FACETS}
        sort_keys: list[np.ndarray] = []
        created: list[np.ndarray] = []
        keys: list[tuple[np.ndarray, np.ndarray]] = []  # (segment's ids, its matches)
        for leaf in view.leaves:
            _r, _s, offset, a = leaf
            mask = self._filter_mask(a, filters)
            if plan.empty:
                score = np.zeros(len(a.live), np.float32)
            else:
                matched, score = self._score_segment(view, leaf, plan, idf, query.type)
                mask &= matched
                score = score * a.quality
            idx = np.flatnonzero(mask)
            if not len(idx):
                continue
            for name in F.FACETS:
                counts = np.bincount(a.codes[name][idx], minlength=len(a.values[name]))
                for code in np.flatnonzero(counts):
                    value = a.values[name][code]
                    for v in value.split(",") if name == "cert" else (value,):
                        if v:
                            facet_counts[name][v] += int(counts[code])
            docs.append(idx + offset)
            scores.append(score[idx])
            sort_keys.append(self._sort_key(a, idx, query.sort, plan.empty))
            created.append(a.created[idx])
            keys.append((a.key, idx))
        if not docs:
            return Results(
                0, [], {k: {} for k in F.FACETS}, suggestion=plan.suggestion, ignored=plan.set_aside
            )
        all_docs = np.concatenate(docs)
        all_scores = np.concatenate(scores)
        key = np.concatenate(sort_keys)
        total = len(all_docs)
        want = query.page * query.per_page
        diversify = query.sort == "relevance" and plan.spread and query.per_supplier
        depth = max(want, ranking.DIVERSITY_WINDOW) if diversify else want
        top = _top(key, all_scores, np.concatenate(created), keys, depth)
        searcher = view.searcher
        stored = [
            (searcher.stored_fields(int(d)), float(s))  # type: ignore[attr-defined]
            for d, s in zip(all_docs[top], all_scores[top], strict=True)
        ]
        supplier_of = self._supplier_lookup(view, all_docs[top])
        hits = [
            Hit(f["id"], s, sup, f["name"]) for (f, s), sup in zip(stored, supplier_of, strict=True)
        ]
        if diversify:
            new_order = ranking.diversify(
                [(h.id, h.supplier) for h in hits], query.per_supplier, ranking.DIVERSITY_WINDOW
            )
            hits = [hits[i] for i in new_order]
        start = (query.page - 1) * query.per_page
        return Results(
            total=total,
            hits=hits[start:want],
            facets={k: ranking.facet_order(v) for k, v in facet_counts.items()},
            suggestion=plan.suggestion,
            ignored=plan.set_aside,
        )

    @staticmethod
    def _sort_key(a: _Segment, idx: np.ndarray, sort: str, no_text: bool) -> np.ndarray:
        """Ascending primary key; zero everywhere means 'by score'."""
        if sort == "local_content":
            return -a.local_content[idx]
        if sort == "price":  # unknown price (-1) last
            p = a.price[idx]
            return np.where(p < 0, np.inf, p)
        if sort == "newest" or no_text:
            return -a.created[idx]
        return np.zeros(len(idx))

    @staticmethod
    def _supplier_lookup(view: _View, docnums: np.ndarray) -> list[str]:
        out = []
        for d in docnums:
            for _r, _s, offset, a in reversed(view.leaves):
                if d >= offset:
                    out.append(a.values["supplier"][a.codes["supplier"][d - offset]])
                    break
        return out

    def complete(self, prefix: str, limit: int = 3) -> list[str]:
        view = self._current()
        reader = view.searcher.reader()  # type: ignore[attr-defined]
        words = [w for t in reader.expand_prefix("all", prefix) if (w := _text(t)).isalpha()]
        counted = [(-df, w) for w in words if (df := self._df(view, w, None))]
        return [w for _, w in sorted(counted)[:limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return ranking.suggest_names(self, prefix, limit)


def _top(
    key: np.ndarray,
    score: np.ndarray,
    created: np.ndarray,
    ids: list[tuple[np.ndarray, np.ndarray]],
    depth: int,
) -> np.ndarray:
    """Positions of the first `depth` matches: primary key, then score, then newest,
    then id (as PostgreSQL orders), an order that does not depend on where documents
    sit in the index. `ids` holds each segment's ids and its matches, in the order
    the positions run through them; ids (bytes, slow to gather and sort) are read
    only for the matches kept and those tying with the last one kept."""
    order = np.lexsort((-created, -score, key))
    if depth < len(order):
        last = order[depth - 1]
        tie = (key == key[last]) & (score == score[last]) & (created == created[last])
        candidates = np.union1d(order[:depth], np.flatnonzero(tie))
    else:
        candidates = np.sort(order)
    found: list[np.ndarray] = []
    start = 0
    for segment_ids, idx in ids:
        lo, hi = np.searchsorted(candidates, [start, start + len(idx)])
        found.append(segment_ids[idx[candidates[lo:hi] - start]])
        start += len(idx)
    c = candidates
    final = np.lexsort((np.concatenate(found), -created[c], -score[c], key[c]))
    return c[final][:depth]


def _retry(read: Callable[[], T], attempts: int = 5) -> T:
    """`read()`, tried again a few times: while another process commits, the files
    of the generation being opened can disappear under a reader (a merge deletes
    them). Only a failure that persists means the index is missing or damaged."""
    for attempt in range(attempts):
        try:
            return read()
        except IndexUnavailable:
            raise
        except Exception:  # noqa: BLE001 - whoosh raises many kinds for missing files
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _current_schema(schema: Schema) -> bool:
    return (
        "all" in schema
        and isinstance(schema["all"].format, WeightedTerms)
        and {"type", "key", "fp"} <= set(schema.names())
    )


def _type_statistics(segments: list[_Segment]) -> tuple[dict[str, int], dict[str, int]]:
    """Per document type: live documents and their summed stored lengths (`dl`)."""
    n_docs: dict[str, int] = {}
    total_dl2: dict[str, int] = {}
    for a in segments:
        for code, kind in enumerate(a.values["type"]):
            live = a.live & (a.codes["type"] == code)
            n_docs[kind] = n_docs.get(kind, 0) + int(live.sum())
            total_dl2[kind] = total_dl2.get(kind, 0) + int(a.dl2[live].sum())
    return n_docs, total_dl2


def _live_values(a: _Segment, column: str) -> list[str]:
    """Values of `column` that live documents hold (a segment's value table keeps
    those of deleted documents too)."""
    codes = np.unique(a.codes[column][a.live])
    return [a.values[column][c] for c in codes]


def _text(term: str | bytes) -> str:
    return term.decode() if isinstance(term, bytes) else term


def _large(docs: Iterable[Document]) -> bool:
    return not isinstance(docs, Sized) or len(docs) >= 5000


def _stems(tokens: tuple[str, ...]) -> list[str | None]:
    return [None if t[0].isdigit() else F.english_stem(t) for t in tokens]


def index_exists(path: str) -> bool:
    return Path(path).is_dir() and windex.exists_in(path)
