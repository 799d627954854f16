"""Scoring, filtering, facet counting and ordering for the Whoosh backend, as array
operations over the postings a `SegmentCache` reads (the rules themselves are
search.ranking's, shared with the PostgreSQL backend).

Profiling Whoosh's own searcher at 100k products showed the time going into
per-document Python work: scoring every match (BM25F over several fields) and
counting facets per match (~30 µs a match, ~900 ms for a query matching a third of
the catalogue). Here a query reads each term's postings once as arrays, and
scoring, filtering, facet counting and sorting are numpy operations."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from search import fields as F
from search import ranking
from search.base import Hit, Query, Results
from search.stemming import query_stems
from search.whoosh_postings import Leaf, Segment, SegmentCache, View

K1 = 6.0  # saturation, on the scale of the summed field weights (name alone = 6)
B = 0.5


def no_results(plan: ranking.Plan) -> Results:
    return Results(
        0, [], {k: {} for k in F.FACETS}, suggestion=plan.suggestion, ignored=plan.set_aside
    )


def idf(cache: SegmentCache, view: View, term: str, kind: str) -> float:
    df = cache.df(view, term, kind)
    n = view.n_docs.get(kind, 0)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def score_segment(
    cache: SegmentCache,
    view: View,
    leaf: Leaf,
    plan: ranking.Plan,
    idfs: dict[str, float],
    kind: str,
) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of every document of one segment."""
    a = leaf[3]
    n = len(a.live)
    norm = (K1 * (1 - B + B * a.dl / view.avgdl.get(kind, 1.0))).astype(np.float32)

    def term_scores(term: str) -> tuple[np.ndarray, np.ndarray]:
        ids, w = cache.term(leaf, term)
        return ids, idfs[term] * w * (K1 + 1) / (w + norm[ids])

    matched = np.zeros(n, np.int16)
    total = np.zeros(n, np.float32)
    required = len(plan.slots)
    for k, slot in enumerate(plan.slots + plan.optional):
        best = np.zeros(n, np.float32)
        hit = np.zeros(n, bool)
        for alt in slot:
            alt_score = np.zeros(n, np.float32)
            alt_hit = np.ones(n, bool)  # every word of the alternative present
            for tok, stem in zip(alt.tokens, query_stems(alt.tokens), strict=True):
                present = np.zeros(n, bool)
                for term in {tok, f"~{stem}"} if stem else {tok}:
                    ids, s = term_scores(term)
                    present[ids] = True
                    alt_score[ids] += s
                alt_hit &= present
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
        here = _in_places(a, plan.places)
        coord += here
        n_slots += 1
        total *= np.where(here, ranking.PLACE_BOOST, 1.0).astype(np.float32)
        if not required:
            return here, total + here
    if n_slots:
        total *= (coord / n_slots) ** ranking.COORD_POWER
    match = matched >= plan.minmatch
    for term, factor in plan.factors:
        total[cache.term(leaf, term)[0]] *= factor
    for term in plan.anchors:
        ids = cache.term(leaf, term)[0]
        match[ids] = True
        total[ids] += ranking.ANCHOR_SCORE
    return match, total


def _in_places(a: Segment, places: list[tuple[str, str]]) -> np.ndarray:
    here = np.zeros(len(a.live), bool)
    for column, value in places:
        here |= _eq(a, column, value)
    return here


def _filter_mask(a: Segment, filters: dict[str, str]) -> np.ndarray:
    mask = a.live.copy()
    for name, value in filters.items():
        if name == "category":
            mask &= _eq(a, "category", value) | _eq(a, "top_category", value)
        elif name == "cert":
            wanted = [i for i, v in enumerate(a.values["cert"]) if value in v.split(",")]
            mask &= np.isin(a.codes["cert"], wanted)
        else:
            mask &= _eq(a, name, value)
    return mask


def _eq(a: Segment, name: str, value: str) -> np.ndarray:
    try:
        return a.codes[name] == a.values[name].index(value)
    except ValueError:
        return np.zeros(len(a.live), bool)


def run(cache: SegmentCache, view: View, query: Query, plan: ranking.Plan) -> Results:
    """The page of `query` the plan matches, with its facet counts."""
    filters = query.all_filters()
    idfs = {t: idf(cache, view, t, query.type) for t in plan.terms()}
    scores, docs = [], []
    facet_counts: dict[str, Counter[str]] = {name: Counter() for name in F.FACETS}
    sort_keys: list[np.ndarray] = []
    created: list[np.ndarray] = []
    keys: list[tuple[np.ndarray, np.ndarray]] = []  # (segment's ids, its matches)
    for leaf in view.leaves:
        _r, _s, offset, a = leaf
        mask = _filter_mask(a, filters)
        if plan.empty:
            score = np.zeros(len(a.live), np.float32)
        else:
            matched, score = score_segment(cache, view, leaf, plan, idfs, query.type)
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
        sort_keys.append(_sort_key(a, idx, query.sort, plan.empty))
        created.append(a.created[idx])
        keys.append((a.key, idx))
    if not docs:
        return no_results(plan)
    all_docs = np.concatenate(docs)
    all_scores = np.concatenate(scores)
    key = np.concatenate(sort_keys)
    total = len(all_docs)
    want = query.page * query.per_page
    top = _top(key, all_scores, np.concatenate(created), keys, ranking.depth(query, plan))
    searcher = view.searcher
    stored = [
        (searcher.stored_fields(int(d)), float(s))  # type: ignore[attr-defined]
        for d, s in zip(all_docs[top], all_scores[top], strict=True)
    ]
    supplier_of = _supplier_lookup(view, all_docs[top])
    hits = [
        Hit(f["id"], s, sup, f["name"]) for (f, s), sup in zip(stored, supplier_of, strict=True)
    ]
    hits = ranking.spread(hits, query, plan)
    start = (query.page - 1) * query.per_page
    return Results(
        total=total,
        hits=hits[start:want],
        facets={k: ranking.facet_order(v) for k, v in facet_counts.items()},
        suggestion=plan.suggestion,
        ignored=plan.set_aside,
    )


def _sort_key(a: Segment, idx: np.ndarray, sort: str, no_text: bool) -> np.ndarray:
    """Ascending primary key; zero everywhere means 'by score'."""
    if sort == "local_content":
        return -a.local_content[idx]
    if sort == "price":  # unknown price (-1) last
        p = a.price[idx]
        return np.where(p < 0, np.inf, p)
    if sort == "newest" or no_text:
        return -a.created[idx]
    return np.zeros(len(idx))


def _supplier_lookup(view: View, docnums: np.ndarray) -> list[str]:
    out = []
    for d in docnums:
        for _r, _s, offset, a in reversed(view.leaves):
            if d >= offset:
                out.append(a.values["supplier"][a.codes["supplier"][d - offset]])
                break
    return out


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
