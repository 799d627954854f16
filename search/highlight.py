"""Snippets: the part of a text around the query's words, with the matches marked.
Matching is on folded tokens, so `may ep bun` marks `máy ép bùn`."""

from __future__ import annotations

import re
from functools import lru_cache

from search import analysis

_SPAN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=256)
def _wanted(query: str) -> frozenset[str]:
    return frozenset(analysis.content_tokens(analysis.tokens(query)))


# A pure function of its arguments, asked for again with every page of the same
# results (two dozen texts a page): kept, as an immutable tuple.
@lru_cache(maxsize=4096)
def snippet(text: str, query: str, width: int = 30) -> tuple[tuple[str, bool], ...]:
    """(piece, is_match) pieces of about `width` words around the first match;
    the text's beginning when nothing matches."""
    wanted = _wanted(query)
    words = list(_SPAN.finditer(text))
    if not words:
        return ()
    fold = analysis.fold
    # Only the words up to the first match and those shown are folded.
    first = next((i for i, m in enumerate(words) if fold(m.group()) in wanted), None)
    lo = max(0, (first or 0) - width // 3)
    hi = min(len(words), lo + width)
    hits = (
        set()
        if first is None
        else {
            i
            for i in range(lo, hi)
            if i == first or (i > first and fold(words[i].group()) in wanted)
        }
    )
    start, end = words[lo].start(), words[hi - 1].end()
    pieces: list[tuple[str, bool]] = [("… ", False)] if lo > 0 else []
    pos = start
    for i in range(lo, hi):
        m = words[i]
        if i in hits:
            if m.start() > pos:
                pieces.append((text[pos : m.start()], False))
            pieces.append((m.group(), True))
            pos = m.end()
    pieces.append((text[pos:end], False))
    if hi < len(words):
        pieces.append((" …", False))
    return tuple(p for p in pieces if p[0])
