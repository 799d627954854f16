"""English stems for the bilingual index, without Whoosh: the shared analysis must
load in a process that only uses the PostgreSQL backend. Martin Porter's original
algorithm, from the Snowball project's own Python package (the stems every index
term `~stem` and every query word are compared by).
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_PORTER = snowballstemmer.stemmer("porter")


@lru_cache(maxsize=100_000)
def english_stem(token: str) -> str:
    return _PORTER.stemWord(token)


def query_stems(tokens: tuple[str, ...]) -> list[str | None]:
    """The English stem of each query word (None for a number), as both backends
    look a word up: the word itself or any word with its stem (`~stem`)."""
    return [None if t[0].isdigit() else english_stem(t) for t in tokens]
