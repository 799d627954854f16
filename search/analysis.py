"""Text analysis shared by every backend: normalisation, Vietnamese folding,
numbers with units, syllable bigrams, English stemming and domain synonyms."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from search.folding import fold, normalise_tone_placement

# A word: a number ("10.000", "7,5") or letters with an optional number glued after
# ("m3", "dn100"). No match holds a digit followed by a letter, so a number glued
# before a unit is two words ("50m3" -> "50", "m3") without splitting it first.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+\d*(?:\.\d+)?", re.UNICODE)
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
# Unit spellings -> one canonical token.
UNITS = {
    "m3": "m3",
    "m³": "m3",
    "khoi": "m3",
    "khối": "m3",
    "cbm": "m3",
    "m2": "m2",
    "m²": "m2",
    "l": "l",
    "lit": "l",
    "lít": "l",
    "litre": "l",
    "liter": "l",
    "litres": "l",
    "liters": "l",
    "kw": "kw",
    "w": "w",
    "hp": "hp",
    "kg": "kg",
    "tan": "tan",
    "tấn": "tan",
    "t": "tan",
    "ton": "tan",
    "tons": "tan",
    "tonne": "tan",
    "mm": "mm",
    "cm": "cm",
    "m": "m",
    "bar": "bar",
    "ngan": "ngan",
    "ngăn": "ngan",
    "tui": "tui",
    "túi": "tui",
    "inch": "inch",
}
# Folding merges syllables ("tại"/"tải", "với"/"vôi"), so only unambiguous ones.
_STOP = frozenset(
    [
        "va",
        "cua",
        "cho",
        "nhung",
        "duoc",
        "and",
        "for",
        "the",
        "of",
        "with",
        "a",
        "an",
        "to",
        "in",
        "on",
        "by",
    ]
)


def normalise(text: str) -> str:
    """NFC, one tone-mark placement, lower case."""
    return normalise_tone_placement(text).lower()


def _number(raw: str) -> str:
    # "10.000" (thousands) -> "10000"; "7,5" (decimal comma) -> "7.5"; "2.5" stays.
    if _THOUSANDS.fullmatch(raw):
        return raw.replace(".", "")
    return raw.replace(",", ".")


# What a raw word gives: (the word, its token, whether the token is a unit, whether
# the word is a number). Indexing meets the same few thousand words in every
# document; remembering them spares a regex and three look-ups per word. Bounded:
# emptied when it holds _MEMO_SIZE words (arbitrary text has no end of numbers).
Word = tuple[str, str, bool, bool]
_MEMO: dict[str, Word] = {}
_MEMO_SIZE = 50_000  # a few MB at most; the demo catalogue has about 1,100 words


def _word(raw: str) -> Word:
    w = _number(raw) if raw[0].isdigit() else raw
    unit = UNITS.get(w)
    info = (w, unit or w, unit is not None, w[0].isdigit())
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[raw] = info
    return info


def raw_words(text: str) -> list[str]:
    """The words of `text` (already normalised or folded) as written."""
    return _WORD.findall(text.replace("m³", "m3").replace("m²", "m2"))


def _split(text: str) -> list[str]:
    memo = _MEMO
    return [(memo.get(raw) or _word(raw))[0] for raw in raw_words(text)]


def words(text: str) -> list[str]:
    """Normalised words, diacritics kept; numbers canonical; glued units split
    ("50m3" -> "50", "m3")."""
    return _split(normalise(text))


def folded_words(text: str) -> list[str]:
    """The raw words `tokens` analyses: those of the text parts of one field can be
    joined (the words of `a + " " + b` are those of a, then of b)."""
    return raw_words(fold(text))


def tokens(text: str) -> list[str]:
    """Folded tokens for indexing and querying, plus a glued number+unit token
    ("50 m3/ngày" -> 50, m3, 50m3, ngay)."""
    # Folding first makes tone placement and NFC/NFD irrelevant: no normalise() here.
    return tokens_of(folded_words(text))


def tokens_of(raws: list[str]) -> list[str]:
    """`tokens` of the text whose `folded_words` are `raws`."""
    memo = _MEMO
    out: list[str] = []
    append = out.append
    number = None  # the previous word, when it is a number
    for raw in raws:
        w, token, unit, digit = memo.get(raw) or _word(raw)
        append(token)
        if unit and number is not None:
            append(number + token)
        number = w if digit else None
    return out


def exact_tokens(text: str) -> list[str]:
    """Tokens with diacritics kept (so exact-diacritic matches can rank first)."""
    return [w for w in words(text) if not w[0].isdigit()]


def bigrams(toks: list[str]) -> list[str]:
    content = [t for t in toks if not t[0].isdigit()]
    return [f"{a}_{b}" for a, b in zip(content, content[1:], strict=False)]


def content_tokens(toks: list[str]) -> list[str]:
    return [t for t in toks if t not in _STOP]


@dataclass
class Synonyms:
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    index: dict[tuple[str, ...], int] = field(default_factory=dict)

    def alternatives(self, phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
        group = self.index.get(phrase)
        return [] if group is None else [p for p in self.groups[group] if p != phrase]

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.index), default=1)


def load_synonyms(path: Path | None = None) -> Synonyms:
    path = path or Path(__file__).with_name("synonyms.txt")
    syn = Synonyms()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        group = [tuple(tokens(part)) for part in line.split("|") if tokens(part)]
        gid = len(syn.groups)
        syn.groups.append(group)
        for phrase in group:
            syn.index.setdefault(phrase, gid)
    return syn


@cache
def default_synonyms() -> Synonyms:
    return load_synonyms()


def slots(
    query: str, synonyms: Synonyms | None = None, spelling: dict[str, list[str]] | None = None
) -> list[list[tuple[str, ...]]]:
    """The query as a sequence of slots; each slot lists equivalent token sequences
    (the words typed, then their synonyms). Longest synonym phrases match first.

    `spelling` (a misspelt token -> its likely corrections) lets a misspelt word
    still form a synonym phrase ("refuse compactor truk" is the phrase "refuse
    compactor truck"): such a slot starts with the corrected phrase."""
    syn = synonyms or default_synonyms()
    spelling = spelling or {}
    toks = content_tokens(tokens(query))
    out: list[list[tuple[str, ...]]] = []
    i = 0
    while i < len(toks):
        for size in range(min(syn.longest, len(toks) - i), 0, -1):
            phrase = tuple(toks[i : i + size])
            alts = syn.alternatives(phrase)
            if not alts and size > 1:
                fixed = _spelt_phrase(phrase, spelling, syn)
                if fixed:
                    out.append([fixed, *syn.alternatives(fixed)])
                    i += size
                    break
            if alts or size == 1:
                out.append([phrase, *alts])
                i += size
                break
    return out


def _spelt_phrase(
    phrase: tuple[str, ...], spelling: dict[str, list[str]], syn: Synonyms
) -> tuple[str, ...] | None:
    """The first spelling of `phrase`, with corrected words, that is a synonym phrase."""
    if not any(t in spelling for t in phrase):
        return None
    spellings = itertools.product(*([t, *spelling.get(t, [])] for t in phrase))
    for fixed in itertools.islice(spellings, 16):
        if fixed != phrase and syn.alternatives(fixed):
            return fixed
    return None
