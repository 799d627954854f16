"""Snippets: the part of a text around the query's words, with the matches marked.
Matching is on folded tokens, so `may ep bun` marks `máy ép bùn`."""

from __future__ import annotations

import re

from search import analysis

_SPAN = re.compile(r"[^\W_]+", re.UNICODE)


def snippet(text: str, query: str, width: int = 30) -> list[tuple[str, bool]]:
    """(piece, is_match) pieces of about `width` words around the first match;
    the text's beginning when nothing matches."""
    wanted = set(analysis.content_tokens(analysis.tokens(query)))
    words = list(_SPAN.finditer(text))
    if not words:
        return []
    hits = [i for i, m in enumerate(words) if analysis.fold(m.group()) in wanted]
    first = hits[0] if hits else 0
    lo = max(0, first - width // 3)
    hi = min(len(words), lo + width)
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
    return [p for p in pieces if p[0]]
