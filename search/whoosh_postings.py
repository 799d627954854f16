"""Reading a Whoosh index as arrays: per segment, the columns (facet value codes,
lengths, sort values) and each term's postings, cached. Segments are immutable and
their deletions only grow, so arrays are keyed by segment id and live document
count and never go stale; a commit swaps in a new `View` whole."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

from search import ranking
from search.lru import LRU
from search.places import place_index
from search.whoosh_schema import COLUMNS

Postings = tuple[np.ndarray, np.ndarray]  # (docnums, weights) of a term in one segment
_EMPTY: Postings = (np.zeros(0, np.int64), np.zeros(0, np.float32))


@dataclass
class Segment:
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


# reader, (segment id, live documents), offset of its first document, arrays
Leaf = tuple[object, tuple[str, int], int, Segment]


@dataclass
class View:
    """One searcher and its segments' arrays, swapped whole after a commit."""

    searcher: object
    generation: int
    leaves: list[Leaf]
    # Per document type ("product", "supplier"): live documents and their mean
    # weighted length. Scoring statistics are per type, so indexing suppliers does
    # not change how products rank. They are computed from the live documents only
    # (never from Whoosh's own term statistics, which count deleted documents until
    # a merge), so they are the same however the index came to hold them.
    n_docs: dict[str, int]
    avgdl: dict[str, float]
    places: dict[str, list[tuple[str, str]]]  # see places.place_index
    # Searches reading the view now, and whether a newer view replaced it: its
    # searcher is closed when both say nobody will read it again (WhooshBackend).
    users: int = 0
    retired: bool = False


def column(reader, name: str) -> list:  # type: ignore[no-untyped-def]
    return list(reader.column_reader(name))


def live_documents(reader) -> np.ndarray:  # type: ignore[no-untyped-def]
    live = np.zeros(reader.doc_count_all(), bool)
    live[np.fromiter(reader.all_doc_ids(), np.int64)] = True
    return live


def load_segment(reader) -> Segment:  # type: ignore[no-untyped-def]
    n = reader.doc_count_all()
    live = live_documents(reader)
    codes, values = {}, {}
    for name in COLUMNS:
        raw = column(reader, name)
        table: dict[bytes, int] = {}
        codes[name] = np.fromiter((table.setdefault(v, len(table)) for v in raw), np.int32, n)
        values[name] = [v.decode() for v in table]
    lc = np.asarray(column(reader, "local_content"), np.float32)
    verified = codes["verified"] == (
        values["verified"].index("yes") if "yes" in values["verified"] else -1
    )
    quality = (
        1.0
        + ranking.VERIFIED_BOOST * verified
        + ranking.LOCAL_CONTENT_BOOST * np.clip(lc, 0, 100) / 100
    )
    dl2 = np.asarray(column(reader, "dl"), np.int64)
    return Segment(
        live=live,
        dl=dl2.astype(np.float32) / 2,
        dl2=dl2,
        key=np.asarray(column(reader, "key"), dtype=bytes),
        quality=quality.astype(np.float32),
        local_content=lc,
        price=np.asarray(column(reader, "price"), np.float64),
        created=np.asarray(column(reader, "created"), np.float64),
        codes=codes,
        values=values,
    )


def read_postings(reader, term: str, live: np.ndarray) -> Postings:  # type: ignore[no-untyped-def]
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


def _nbytes(postings: Postings) -> int:
    return postings[0].nbytes + postings[1].nbytes


class SegmentCache:
    """The arrays of the segments the current searcher reads, and term postings
    (least recently used first out, at most `max_bytes`)."""

    def __init__(self, max_bytes: int) -> None:
        self._segments: dict[tuple[str, int], Segment] = {}
        self.postings: LRU[Postings] = LRU(max_bytes, weigh=_nbytes)

    def view(self, searcher, generation: int) -> View:  # type: ignore[no-untyped-def]
        """A view of `searcher`'s segments, reusing the arrays of unchanged ones."""
        leaves: list[Leaf] = []
        keep = {}
        known = {seg_id: a for (seg_id, _live), a in self._segments.items()}
        for reader, offset in searcher.reader().leaf_readers():
            if not reader.doc_count_all():
                continue  # an index rebuilt empty: no segment, nothing to read
            seg = reader.segment() if hasattr(reader, "segment") else None
            seg_id = seg.segment_id() if seg is not None else f"{generation}:{offset}"
            key = (seg_id, reader.doc_count())
            arrays = self._segments.get(key)
            if arrays is None and seg is not None and seg_id in known:
                # Only its deletions changed (a web save replaced one of its
                # documents): the columns are the same, only `live` is read again.
                # Reading every column of a 100,000-document segment took a
                # second, after every save, in every process that searches.
                arrays = replace(known[seg_id], live=live_documents(reader))
            elif arrays is None:
                arrays = load_segment(reader)
            keep[key] = arrays
            leaves.append((reader, key, offset, arrays))
        self._segments = keep
        n_docs, total_dl2 = type_statistics([a for *_, a in leaves])
        # Summed as integers: a float sum would depend on how documents fall into segments.
        avgdl = {k: total_dl2[k] / 2 / n if n and total_dl2[k] else 1.0 for k, n in n_docs.items()}
        places = place_index(
            {c: {v for *_, a in leaves for v in live_values(a, c)} for c in ("province", "commune")}
        )
        return View(searcher, generation, leaves, n_docs, avgdl, places)

    def term(self, leaf: Leaf, term: str) -> Postings:
        reader, key, _offset, a = leaf
        return self.postings.get_or_load((*key, term), lambda: read_postings(reader, term, a.live))

    def df(self, view: View, term: str, kind: str | None) -> int:
        """Live documents (of type `kind`, or of any type) holding `term`."""
        df = 0
        for leaf in view.leaves:
            reader, _key, _offset, a = leaf
            if kind is None and not reader.has_deletions():  # type: ignore[attr-defined]
                df += reader.doc_frequency("all", term)  # type: ignore[attr-defined]
                continue  # exact without deletions
            ids = self.term(leaf, term)[0]
            if kind is None:
                df += len(ids)
            elif len(ids) and kind in a.values["type"]:
                df += int(np.count_nonzero(a.codes["type"][ids] == a.values["type"].index(kind)))
        return df


def type_statistics(segments: list[Segment]) -> tuple[dict[str, int], dict[str, int]]:
    """Per document type: live documents and their summed stored lengths (`dl`)."""
    n_docs: dict[str, int] = {}
    total_dl2: dict[str, int] = {}
    for a in segments:
        for code, kind in enumerate(a.values["type"]):
            live = a.live & (a.codes["type"] == code)
            n_docs[kind] = n_docs.get(kind, 0) + int(live.sum())
            total_dl2[kind] = total_dl2.get(kind, 0) + int(a.dl2[live].sum())
    return n_docs, total_dl2


def live_values(a: Segment, name: str) -> list[str]:
    """Values of column `name` that live documents hold (a segment's value table
    keeps those of deleted documents too)."""
    codes = np.unique(a.codes[name][a.live])
    return [a.values[name][c] for c in codes]


def term_text(term: str | bytes) -> str:
    return term.decode() if isinstance(term, bytes) else term
