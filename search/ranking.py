"""Ranking rules shared by every backend: the query plan (slots, minimum match),
the quality boost and supplier diversity."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from search import analysis
from search.base import Query, SearchBackend
from search.stemming import english_stem

# Quality boost: a verified supplier and higher local content multiply the text score
# by at most 1 + 0.04 + 0.04 = 1.08. That reorders near-ties only: a clearly better
# text match (one more query word in the name scores far more than 8 %) stays first.
VERIFIED_BOOST = 0.04
LOCAL_CONTENT_BOOST = 0.04
# Words typed count fully; their synonyms a little less.
SYNONYM_FACTOR = 0.8
MISSING_PER = 2
# Fewer matches than this (half a page) and the minimum match is relaxed.
RELAX_BELOW = 10
COORD_POWER = 1.0
# A product of a supplier located in a place named in the query scores this much more.
PLACE_BOOST = 1.5
# Generic words that describe nearly every product ("system", "equipment"): they add
# to the score when present but never decide whether a product matches.
OPTIONAL = frozenset(
    {("he", "thong"), ("thiet", "bi"), ("system",), ("systems",), ("equipment",), ("unit",)}
)
# A corrected misspelling counts less than a word found as typed.
TYPO_FACTOR = 0.7
# How many of a supplier's products may sit in the diversified window.
DIVERSITY_WINDOW = 60


def quality_factor(verified: bool, local_content: float | None) -> float:
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
    slots: list[list[Alternative]]  # each must be satisfied (up to `minmatch`)
    minmatch: int
    relaxed: int  # the minimum match to fall back to when `minmatch` finds little
    exact: list[str]  # `=word` terms: the words typed with their diacritics
    suggestion: str | None = None  # the query with misspelt words corrected
    ignored: list[str] = field(default_factory=list)  # words found nowhere
    optional: list[list[Alternative]] = field(default_factory=list)  # score only
    places: list[tuple[str, str]] = field(default_factory=list)  # (column, value)

    @property
    def empty(self) -> bool:
        """No text typed: every document matches."""
        return not self.slots and not self.ignored and not self.places

    @property
    def impossible(self) -> bool:
        """Text typed, none of it found: nothing matches."""
        return not self.slots and not self.places and bool(self.ignored)

    def terms(self) -> set[str]:
        out = set(self.exact)
        for slot in self.slots + self.optional:
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
    correct: Callable[[str], list[str]] | None = None,
    places: dict[str, list[tuple[str, str]]] | None = None,
) -> Plan:
    """Every slot (a query word or a synonym phrase) offers alternatives; a document
    must satisfy `minmatch` of the slots (see minimum_match), or only `relaxed` of
    them when that finds too little (see relax).

    With `known` (is a term indexed?) and `correct` (closest indexed word), a typed
    word found nowhere gets its correction as a weaker alternative (typo tolerance
    only where exact matching finds nothing, so results are not flooded), and a word
    that is neither found nor correctable is left out instead of emptying the result.
    """
    slots: list[list[Alternative]] = []
    optional: list[list[Alternative]] = []
    fixed_words: list[str] = []
    ignored: list[str] = []
    found_places: list[tuple[str, str]] = []
    if places:
        text, found_places = find_places(text, places)
    typed_words = analysis.content_tokens(analysis.tokens(text))
    if known is not None and correct is not None:
        correct = _memo(correct)
        # A misspelt word may still complete a synonym phrase with its neighbours.
        spelling = {
            t: correct(t)[:2]
            for t in typed_words
            if not t[0].isdigit() and not _token_known(t, known)
        }
    else:
        spelling = {}
    typed_slots = analysis.slots(text, spelling=spelling)
    generic = [any(a in OPTIONAL for a in alts) for alts in typed_slots]
    for alternatives, is_generic in zip(typed_slots, generic, strict=True):
        if is_generic and not all(generic):
            optional.append([_alternative(alternatives[0], 1.0)])
            fixed_words.extend(alternatives[0])
            continue
        # A phrase found through a corrected word counts as a correction.
        base = TYPO_FACTOR if set(alternatives[0]) - set(typed_words) else 1.0
        alts = [
            _alternative(phrase, base * (1.0 if i == 0 else SYNONYM_FACTOR))
            for i, phrase in enumerate(alternatives)
        ]
        typed = alternatives[0]
        if known is None or correct is None or any(_found(a, known) for a in alts):
            slots.append(alts)
            fixed_words.extend(typed)
            continue
        # Up to two corrections of each unknown word: the one that fits the other
        # words of the query ranks first by coordination ("truk" -> truck, trục).
        options: list[list[str]] = [
            [t] if t[0].isdigit() or _token_known(t, known) else correct(t)[:2] for t in typed
        ]
        fixes = [tuple(c) for c in itertools.product(*options)][:4]
        fixes = [f for f in fixes if f != typed and _found(_alternative(f, 1.0), known)]
        if fixes:
            alts.extend(_alternative(f, TYPO_FACTOR) for f in fixes)
            slots.append(alts)
            fixed_words.extend(fixes[0])
        else:
            ignored.append(" ".join(typed))
    n = len(slots)
    exact = [f"={w}" for w in analysis.exact_tokens(text) if analysis.fold(w) != w]
    return Plan(
        slots=slots,
        optional=optional,
        places=found_places,
        minmatch=minimum_match(n),
        relaxed=relaxed_match(n),
        exact=exact,
        suggestion=" ".join(fixed_words) if fixed_words != typed_words and not ignored else None,
        ignored=ignored,
    )


_PLACE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|phuong|xa|dac khu|thi tran) ")


def place_key(value: str) -> str:
    """`Hưng Yên` -> `hung yen`, `phường Kinh Bắc` -> `kinh bac`."""
    return _PLACE_PREFIX.sub("", " ".join(analysis.tokens(value)))


def place_index(columns: dict[str, Iterable[str]]) -> dict[str, list[tuple[str, str]]]:
    """Place names a query may mention -> the (column, value) pairs they stand for."""
    out: dict[str, list[tuple[str, str]]] = {}
    for column, values in columns.items():
        for value in values:
            key = place_key(value)
            if len(key) >= 4 and " " in key:
                out.setdefault(key, []).append((column, value))
    return out


def find_places(
    text: str, places: dict[str, list[tuple[str, str]]]
) -> tuple[str, list[tuple[str, str]]]:
    """Take place names (provinces, communes of the indexed suppliers) out of the
    query: a buyer writing "máy ép bùn Hưng Yên" wants suppliers located there.
    Looks up the query's 2- to 4-word sequences, longest first."""
    toks = analysis.tokens(text)
    found: list[tuple[str, str]] = []
    rest: list[str] = []
    i = 0
    while i < len(toks):
        for size in (4, 3, 2):
            key = " ".join(toks[i : i + size])
            if i + size <= len(toks) and key in places:
                found.extend(places[key])
                i += size
                break
        else:
            rest.append(toks[i])
            i += 1
    return (" ".join(rest) if found else text), found


def minimum_match(n: int) -> int:
    """Slots a document must satisfy: both of two, two of three, three of four or
    five, four of six... Descriptive words ("module", "line", "system") often appear
    in no relevant product, so longer queries ask for most words, not all; the
    coordination factor then ranks documents matching more of them first."""
    return max(1, n - (n - 1) // MISSING_PER)


def relaxed_match(n: int) -> int:
    """The fallback when the minimum match finds little: one of two, two of three or
    four, three of five or six."""
    return max(1, n - n // MISSING_PER)


def relax(plan: Plan, total: int) -> Plan | None:
    """The plan again with the relaxed minimum match, when `total` documents are
    too few to fill half a page and relaxing can find more ("EIA report" where
    few products say "report"; "xe ép rác 14 khối" with no 14 m³ truck in stock);
    a query that finds enough ("lò đốt rác") is not flooded with partial matches."""
    if total >= RELAX_BELOW or plan.relaxed >= plan.minmatch:
        return None
    return replace(plan, minmatch=plan.relaxed)


def coordination(matched: int, n: int) -> float:
    return (matched / n) ** COORD_POWER if n else 1.0


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


def _memo(correct: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    seen: dict[str, list[str]] = {}
    return lambda token: seen[token] if token in seen else seen.setdefault(token, correct(token))


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


def facet_order(counts: Mapping[str, int]) -> dict[str, int]:
    """Facet values most frequent first, equal counts by value: the same order
    whatever order the values were counted in."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def suggest_names(backend: SearchBackend, typed: str, limit: int = 8) -> list[str]:
    """Product names for a search box being typed into: the last word is taken as
    the beginning of an indexed word (its most frequent completions are tried)."""
    toks = analysis.tokens(typed)
    if not toks or len(toks[-1]) < 2 or toks[-1][0].isdigit():
        return []
    names: list[str] = []
    for word in backend.complete(toks[-1]) or [toks[-1]]:
        head = " ".join([*toks[:-1], word])
        for hit in backend.search(Query(text=head, per_page=4 * limit, per_supplier=0)).hits:
            # Only names holding every word typed, the last one as a prefix.
            name_toks = set(analysis.tokens(hit.name))
            if (
                set(toks[:-1]) <= name_toks
                and any(t.startswith(toks[-1]) for t in name_toks)
                and hit.name not in names
            ):
                names.append(hit.name)
        if len(names) >= limit:
            break
    return names[:limit]
