"""Spelling correction shared by every backend: candidate words within an edit or
two, and the "did you mean" text shown to the reader."""

from __future__ import annotations

from collections.abc import Callable

from search import analysis

# Shorter words are corrected only where the correction completes a known phrase
# ("truk" in "refuse compactor truk"): on their own, a short unknown word is more
# often a code or an abbreviation ("PAC", "trap") than a typo.
MIN_CORRECTED = 5


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def corrections(token: str, frequencies: dict[str, int]) -> list[str]:
    """Candidate words (with their document frequency) within one edit of `token`,
    or two for words over five letters when none is within one; the first letter is
    kept; most frequent first."""
    candidates = {
        w: edit_distance(token, w)
        for w in frequencies
        if w != token and w[:1] == token[:1] and w.isalnum()
    }
    for dist in (1, 2) if len(token) > 5 else (1,):
        found = [w for w, d in candidates.items() if d <= dist]
        if found:
            return sorted(found, key=lambda w: (-frequencies[w], w))
    return []


def memo(correct: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    seen: dict[str, list[str]] = {}
    return lambda token: seen[token] if token in seen else seen.setdefault(token, correct(token))


def corrected(token: str, correct: Callable[[str], list[str]]) -> list[str]:
    return correct(token)[:2] if len(token) >= MIN_CORRECTED else []


def suggestion(text: str, typed: list[str], fixed: list[str], ignored: list[str]) -> str | None:
    """The query as typed (diacritics, numbers and units as the buyer wrote them) with
    only its corrected words replaced; None when nothing was corrected."""
    if fixed == typed or ignored or len(fixed) != len(typed):
        return None
    changes = {t: f for t, f in zip(typed, fixed, strict=True) if t != f}
    if not changes:
        return None
    out = []
    for word in text.split():
        toks = analysis.content_tokens(analysis.tokens(word))
        out.append(
            " ".join(changes.get(t, t) for t in toks) if any(t in changes for t in toks) else word
        )
    return " ".join(out)
