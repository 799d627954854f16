"""Ranking rules shared by every backend: the query plan (slots, minimum match),
the quality boost and supplier diversity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search import analysis
from search.base import Query, SearchBackend
from search.fields import english_stem

# Quality boost: a verified supplier and higher local content multiply the text score
# by at most 1 + 0.04 + 0.04 = 1.08. That reorders near-ties only: a clearly better
# text match (one more query word in the name scores far more than 8 %) stays first.
VERIFIED_BOOST = 0.04
LOCAL_CONTENT_BOOST = 0.04
# Words typed count fully; their synonyms a little less.
SYNONYM_FACTOR = 0.8
# A corrected misspelling counts less than a word found as typed.
TYPO_FACTOR = 0.7
# How many of a supplier's products may sit in the diversified window.
DIVERSITY_WINDOW = 60


def quality_factor(verified: bool, local_content: int | None) -> float:
    lc = max(0, local_content or 0) / 100
    return 1.0 + (VERIFIED_BOOST if verified else 0.0) + LOCAL_CONTENT_BOOST * lc


@dataclass
class Alternative:
    """One way to satisfy a slot: all its tokens must be present."""

    tokens: tuple[str, ...]
    factor: float  # 1 for the words typed, SYNONYM_FACTOR for a synonym
    bigrams: tuple[str, ...]

    def stems(self) -> list[str]:
        return [english_stem(t) for t in self.tokens if not t[0].isdigit()]


@dataclass
class Plan:
    slots: list[list[Alternative]]
    minmatch: int
    exact: list[str]  # `=word` terms: the words typed with their diacritics
    suggestion: str | None = None  # the query with misspelt words corrected
    ignored: list[str] = field(default_factory=list)  # words found nowhere

    @property
    def empty(self) -> bool:
        """No text typed: every document matches."""
        return not self.slots and not self.ignored

    @property
    def impossible(self) -> bool:
        """Text typed, none of it found: nothing matches."""
        return not self.slots and bool(self.ignored)

    def terms(self) -> set[str]:
        out = set(self.exact)
        for slot in self.slots:
            for alt in slot:
                out.update(alt.tokens)
                out.update(f"~{s}" for s in alt.stems())
                out.update(alt.bigrams)
        return out


def _alternative(phrase: tuple[str, ...], factor: float) -> Alternative:
    return Alternative(tokens=phrase, factor=factor, bigrams=tuple(analysis.bigrams(list(phrase))))


def plan(
    text: str,
    known: Callable[[str], bool] | None = None,
    correct: Callable[[str], str | None] | None = None,
) -> Plan:
    """Every slot (a query word or a synonym phrase) offers alternatives; a document
    must satisfy `minmatch` of the slots: all of up to three, one may be missing from
    four, two from eight (so a long query still finds the best partial matches).

    With `known` (is a term indexed?) and `correct` (closest indexed word), a typed
    word found nowhere gets its correction as a weaker alternative (typo tolerance
    only where exact matching finds nothing, so results are not flooded), and a word
    that is neither found nor correctable is left out instead of emptying the result.
    """
    slots: list[list[Alternative]] = []
    fixed_words: list[str] = []
    ignored: list[str] = []
    for alternatives in analysis.slots(text):
        alts = [
            _alternative(phrase, 1.0 if i == 0 else SYNONYM_FACTOR)
            for i, phrase in enumerate(alternatives)
        ]
        typed = alternatives[0]
        if known is None or correct is None or any(_found(a, known) for a in alts):
            slots.append(alts)
            fixed_words.extend(typed)
            continue
        fixed = tuple(
            t if t[0].isdigit() or _token_known(t, known) else (correct(t) or t) for t in typed
        )
        if fixed != typed and _found(_alternative(fixed, 1.0), known):
            alts.append(_alternative(fixed, TYPO_FACTOR))
            slots.append(alts)
            fixed_words.extend(fixed)
        else:
            ignored.append(" ".join(typed))
    n = len(slots)
    exact = [f"={w}" for w in analysis.exact_tokens(text) if analysis.fold(w) != w]
    typed_words = [t for alts in analysis.slots(text) for t in alts[0]]
    return Plan(
        slots=slots,
        minmatch=max(1, n - n // 4),
        exact=exact,
        suggestion=" ".join(fixed_words) if fixed_words != typed_words and not ignored else None,
        ignored=ignored,
    )


def _token_known(token: str, known: Callable[[str], bool]) -> bool:
    return known(token) or (not token[0].isdigit() and known(f"~{english_stem(token)}"))


def _found(alt: Alternative, known: Callable[[str], bool]) -> bool:
    return all(_token_known(t, known) for t in alt.tokens)


def diversify(items: list[tuple[str, str]], per_supplier: int, window: int) -> list[int]:
    """Order of `items` ((id, supplier) in rank order) so that, within the first
    `window`, no supplier has more than `per_supplier` products before every other
    supplier's next-best product: a supplier's extra products move down, in order."""
    head = items[:window]
    seen: dict[str, int] = {}
    keyed = []
    for pos, (_id, supplier) in enumerate(head):
        n = seen.get(supplier, 0)
        seen[supplier] = n + 1
        keyed.append((n // per_supplier, pos))
    keyed.sort()
    return [pos for _, pos in keyed] + list(range(len(head), len(items)))


def suggest_names(backend: SearchBackend, typed: str, limit: int = 8) -> list[str]:
    """Product names for a search box being typed into: the last word is taken as
    the beginning of an indexed word (its most frequent completions are tried)."""
    toks = analysis.tokens(typed)
    if not toks or len(toks[-1]) < 2 or toks[-1][0].isdigit():
        return []
    names: list[str] = []
    for word in backend.complete(toks[-1]) or [toks[-1]]:
        head = " ".join([*toks[:-1], word])
        for hit in backend.search(Query(text=head, per_page=limit, per_supplier=0)).hits:
            if hit.name not in names:
                names.append(hit.name)
        if len(names) >= limit:
            break
    return names[:limit]
