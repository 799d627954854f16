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
    only its corrected words replaced, keeping their tone marks where the correction
    allows ("máy ép bùnn" -> "máy ép bùn"), and without the words found nowhere;
    None when nothing was corrected."""
    left_out = set(" ".join(ignored).split())
    kept = [t for t in typed if t not in left_out]
    if fixed == kept or len(fixed) != len(kept):
        return None
    changes = {t: f for t, f in zip(kept, fixed, strict=True) if t != f}
    if not changes:
        return None
    out = []
    for word in text.split():
        toks = analysis.content_tokens(analysis.tokens(word))
        if toks and all(t in left_out for t in toks):
            continue
        if len(toks) == 1 and toks[0] in changes:
            out.append(_with_marks(word, changes[toks[0]]))
        elif any(t in changes for t in toks):
            out.append(" ".join(changes.get(t, t) for t in toks))
        else:
            out.append(word)
    return " ".join(out) or None


def _with_marks(typed: str, correction: str) -> str:
    """`correction` (folded) spelt with the marks of the word typed, when one edit of
    the typed word folds to it: "bùnn" -> "bùn", "tảii" -> "tải"."""
    word = analysis.normalise(typed)
    edits = [word[:i] + word[i + 1 :] for i in range(len(word))]  # a letter too many
    if len(word) == len(correction):
        edits += [word[:i] + correction[i] + word[i + 1 :] for i in range(len(word))]
    edits += [word[:i] + c + word[i:] for i in range(len(word) + 1) for c in set(correction)]
    return next((e for e in edits if analysis.fold(e) == correction), correction)
