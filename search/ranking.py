"""Ranking rules shared by every backend: the query plan (slots, minimum match),
the quality boost and supplier diversity."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from search import analysis, intent, spelling
from search import places as places_mod
from search.base import Hit, Query, SearchBackend
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
PLACE_BOOST = 3.0
# Generic words that describe nearly every product ("system", "equipment"): they add
# to the score when present but never decide whether a product matches.
OPTIONAL = frozenset(
    {
        ("he", "thong"),
        ("thiet", "bi"),
        ("system",),
        ("systems",),
        ("equipment",),
        ("unit",),
        ("module",),
    }
)
# A corrected misspelling counts less than a word found as typed.
TYPO_FACTOR = 0.7
# How many of a supplier's products may sit in the diversified window.
DIVERSITY_WINDOW = 60
DIVERSITY_DECAY = 0.6
# Added to the score of a document a code or registered name in the query points
# to: it comes before every text match.
ANCHOR_SCORE = 1000.0
# A product holding the number (with its unit) the query states scores this much more:
# among products of the type asked for, those of the capacity asked for come first.
NUMBER_FACTOR = 1.6
# Per syllable pair of a phrase typed that a product's name holds in that order.
NAME_PHRASE_FACTOR = 1.25
# Words after a number that belong to its unit ("tấn/ngày", "m3/ngày đêm", "m3/h").
_PER = frozenset({"ngay", "dem", "h", "gio", "day", "hour", "phut", "min", "nam", "thang"})
_UNITS = frozenset(analysis.UNITS.values())


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
    # Terms of the codes or registered name the query is: documents holding one
    # match whatever the slots say and come first (ANCHOR_SCORE).
    anchors: list[str] = field(default_factory=list)
    # (term, factor): the score of a document holding the term is multiplied.
    factors: list[tuple[str, float]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # purchase wording set aside

    @property
    def empty(self) -> bool:
        """No text typed: every document matches."""
        return not self.slots and not self.ignored and not self.places and not self.anchors

    @property
    def impossible(self) -> bool:
        """Text typed, none of it found: nothing matches."""
        return not self.slots and not self.places and not self.anchors and bool(self.ignored)

    @property
    def spread(self) -> bool:
        """Are one supplier's products spread out (see diversify)? Not when the query
        names a supplier, a code or a place: the few suppliers that fit are the answer."""
        return not self.empty and not self.anchors and not self.places

    @property
    def set_aside(self) -> list[str]:
        """Words typed that do not decide what matches, for the reader (each once,
        however often it was typed)."""
        return list(dict.fromkeys([*self.dropped, *self.ignored]))

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
    text, dropped = intent.purchase_wording(text)
    anchors = _anchors(text, known)
    if anchors and anchors[0].startswith("#") and " " not in text.strip():
        # The query is a code: its product(s) or supplier, nothing else.
        return Plan(slots=[], minmatch=1, relaxed=1, exact=[], anchors=anchors, dropped=dropped)
    factors = _factors(text)
    if places and not any(a.startswith("@") for a in anchors):
        # A registered name holds places ("… Nước Tây Hồ") that are not a filter.
        text, found_places = places_mod.find_places(text, places)
    typed_words = analysis.content_tokens(analysis.tokens(text))
    if known is not None and correct is not None:
        correct = spelling.memo(correct)
        # A misspelt word may still complete a synonym phrase with its neighbours.
        misspelt = {
            t: correct(t)[:2]
            for t in typed_words
            if not t[0].isdigit() and not _token_known(t, known)
        }
    else:
        misspelt = {}
    typed_slots = analysis.slots(text, spelling=misspelt)
    generic = [any(a in OPTIONAL for a in alts) for alts in typed_slots]
    numeric = _numeric_slots(typed_slots)
    if all(numeric):
        numeric = [False] * len(typed_slots)
    for alternatives, is_generic, is_number in zip(typed_slots, generic, numeric, strict=True):
        if is_number:
            # A capacity or size refines the product type named by the words; it never
            # decides alone what matches ("xe ép rác 10 khối" is not any 10 m³ tank).
            # Only its glued form (10m3) counts, so one number counts once.
            phrase = alternatives[0]
            tok = phrase[0]
            bare = tok.replace(".", "").isdigit()
            if tok[0].isdigit() and (not bare or _bare_number(typed_slots, alternatives)):
                factors.append((tok, NUMBER_FACTOR))
            fixed_words.extend(phrase)
            continue
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
            # The phrase typed, whole in a product's name (its syllable pairs are
            # indexed from names only): the product is that thing, not a mention.
            factors.extend((b, NAME_PHRASE_FACTOR) for b in alts[0].bigrams)
            continue
        # Up to two corrections of each unknown word: the one that fits the other
        # words of the query ranks first by coordination ("truk" -> truck, trục).
        options: list[list[str]] = [
            [t] if t[0].isdigit() or _token_known(t, known) else spelling.corrected(t, correct)
            for t in typed
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
        suggestion=None
        if anchors
        else spelling.suggestion(text, typed_words, fixed_words, ignored),
        ignored=ignored,
        anchors=anchors,
        factors=factors,
        dropped=dropped,
    )


def _anchors(text: str, known: Callable[[str], bool] | None) -> list[str]:
    """Code and registered-name terms of the query that the index holds."""
    if known is None:
        return []
    out = []
    whole = text.strip()
    if " " not in whole and (key := intent.code_key(whole)) and known(key):
        return [key]
    if (key := intent.name_key(whole)) and known(key):
        out.append(key)
    for word in whole.split():
        key = intent.code_key(word)
        if key and any(c.isalpha() for c in key) and key not in out and known(key):
            out.append(key)
    return out


def _factors(text: str) -> list[tuple[str, float]]:
    """Service listings lower unless a service is asked for; the categories whose
    trade the query names higher."""
    toks = analysis.tokens(text)
    out = [(intent.category_term(c), intent.CATEGORY_FACTOR) for c in intent.named_categories(toks)]
    if not intent.wants_service(toks):
        out.append((intent.category_term(intent.SERVICE_CATEGORY), intent.SERVICE_FACTOR))
    return out


def _numeric_slots(typed_slots: list[list[tuple[str, ...]]]) -> list[bool]:
    """Which slots are a number, its unit or the unit's time part ("200 tấn/ngày":
    200, tan, 200tan, ngay)."""
    out: list[bool] = []
    for alts in typed_slots:
        phrase = alts[0]
        tok = phrase[0] if len(phrase) == 1 else ""
        after_number = bool(out) and out[-1]
        out.append(
            bool(tok) and (tok[0].isdigit() or (after_number and (tok in _UNITS or tok in _PER)))
        )
    return out


def _bare_number(typed_slots: list[list[tuple[str, ...]]], alts: list[tuple[str, ...]]) -> bool:
    """A number not followed by a unit (its glued form does not exist)."""
    i = typed_slots.index(alts)
    nxt = typed_slots[i + 1][0] if i + 1 < len(typed_slots) else ()
    return not (len(nxt) == 1 and nxt[0] in _UNITS)


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
    if total == 0 and plan.minmatch > 1:
        # Nothing at all (a long, wordy query): the best partial matches, ranked by
        # how many of the words they hold, rather than an empty page.
        return replace(plan, minmatch=1)
    if total >= RELAX_BELOW or plan.relaxed >= plan.minmatch:
        return None
    return replace(plan, minmatch=plan.relaxed)


def coordination(matched: int, n: int) -> float:
    return (matched / n) ** COORD_POWER if n else 1.0


def _token_known(token: str, known: Callable[[str], bool]) -> bool:
    return known(token) or (not token[0].isdigit() and known(f"~{english_stem(token)}"))


def _found(alt: Alternative, known: Callable[[str], bool]) -> bool:
    return all(_token_known(t, known) for t in alt.tokens)


def diversify(items: list[tuple[str, str, float]], per_supplier: int, window: int) -> list[int]:
    """Order of `items` ((id, supplier, score) in rank order) so that one supplier does
    not fill the first results: within the first `window`, each further group of
    `per_supplier` products of one supplier has its score multiplied by
    DIVERSITY_DECAY again. A supplier's extra products move down past others' close
    matches, never below a clearly weaker match."""
    head = items[:window]
    seen: dict[str, int] = {}
    keyed = []
    for pos, (_id, supplier, score) in enumerate(head):
        n = seen.get(supplier, 0)
        seen[supplier] = n + 1
        keyed.append((-score * DIVERSITY_DECAY ** (n // per_supplier), pos))
    keyed.sort()
    return [pos for _, pos in keyed] + list(range(len(head), len(items)))


def depth(query: Query, plan: Plan) -> int:
    """How many ranked documents to fetch for `query`'s page: the diversity window
    too when products are spread out (see spread)."""
    want = query.page * query.per_page
    return max(want, DIVERSITY_WINDOW) if _spreads(query, plan) else want


def spread(hits: list[Hit], query: Query, plan: Plan) -> list[Hit]:
    """`hits` in rank order, one supplier's extra products moved down (diversify)
    when `query` is ranked by relevance and `plan` allows it."""
    if not _spreads(query, plan):
        return hits
    triples = [(h.id, h.supplier, h.score) for h in hits]
    return [hits[i] for i in diversify(triples, query.per_supplier, DIVERSITY_WINDOW)]


def _spreads(query: Query, plan: Plan) -> bool:
    return query.sort == "relevance" and plan.spread and query.per_supplier > 0


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
