"""English for product specifications: the names suppliers give them ("công suất",
"Vật liệu thân bơm") and their common values ("inox 304", "500 m3/ngày đêm", "xanh lá").

The vocabulary is data (data/spec_terms.csv: names, head + part names, whole values and
phrases inside values); this module only looks it up. Keys are folded so that the way
a supplier typed a name does not matter: Unicode form and compatibility characters
(m³ = m3), case, spacing and old or new tone placement (hoà = hòa, thuỷ = thủy) are
ignored, the tones themselves are not ("tải" is not "tại").

Each function returns None when it has no English for the whole text: a page then
shows the supplier's own words (marked as Vietnamese) rather than half a translation."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale

DATA = Path(__file__).with_name("data") / "spec_terms.csv"

# The five Vietnamese tone marks, as combining characters after NFD.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# A word, a run of spaces, one other character; "{}" in a phrase is one word slot.
_TOKEN = re.compile(r"\{\}|[^\W_]+|\s+|.", re.DOTALL)
SLOT = "{}"
# Non-ASCII letters that English specifications use too (µm, Ø160, Ω).
_SHARED_LETTERS = frozenset("µμØøΩ")
# "công suất" of a motor or a heater is its power, of a plant its capacity.
_POWER_UNIT = re.compile(r"\d\s*(k?W|kVA|HP|mã lực)\b", re.IGNORECASE)
# Vietnamese numbers: 10.000 (thousands) and 0,75 (decimals), not PM2.5 or "pH, COD".
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\w.,])")
_SWAP_SEPARATORS = str.maketrans(".,", ",.")
_ONE = re.compile(
    r"(?<![\w.,])1 (month|day|year|hour|minute|second|bag|compartment|stage|unit|set|piece)s\b"
)


def fold(text: str) -> str:
    """The lookup key of a name or phrase (see the module's docstring)."""
    words = []
    for word in unicodedata.normalize("NFKC", text).casefold().split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = "".join(c for c in decomposed if c not in _TONES)
        # The tone goes after the word whatever vowel carried it: placement-free, tone-exact.
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


_CAPACITY = fold("công suất")


def _fold_token(token: str) -> str:
    if token.isspace():
        return " "
    return token if token == SLOT else fold(token)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Phrase:
    pattern: tuple[str, ...]  # folded tokens, SLOT for a word slot
    english: str


@dataclass
class Vocabulary:
    names: dict[str, str] = field(default_factory=dict)
    english_names: dict[str, str] = field(default_factory=dict)  # folded English → name key
    heads: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)


@cache
def vocabulary() -> Vocabulary:
    """The dictionary file, read once per process."""
    vocab = Vocabulary()
    with DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind, vi, en = row["kind"].strip(), row["vi"].strip(), row["en"].strip()
            if kind.startswith("#") or not vi or not en:
                continue
            key = fold(vi)
            if kind == "name":
                vocab.names.setdefault(key, en)
                vocab.english_names.setdefault(fold(en), key)
            elif kind in ("head", "part", "value"):
                getattr(vocab, kind + "s").setdefault(key, en)
            elif kind == "phrase":
                pattern = tuple(_fold_token(t) for t in _tokens(vi))
                vocab.phrases.append(Phrase(pattern, en))
            else:
                raise ValueError(f"{DATA.name}: unknown kind {kind!r} for {vi!r}")
    # Longest phrase first, so "m3/ngày đêm" wins over "m3".
    vocab.phrases.sort(key=lambda p: -len(p.pattern))
    return vocab


@cache
def _countries() -> dict[str, str]:
    """Vietnamese country names (folded) → English ones, from Babel."""
    vi, en = Locale.parse("vi").territories, Locale.parse("en").territories
    return {fold(name): en[code] for code, name in vi.items() if code.isalpha() and code in en}


def _has_vietnamese(text: str) -> bool:
    return any(c.isalpha() and not c.isascii() and c not in _SHARED_LETTERS for c in text)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def english_name(name: str, value: str | None = None) -> str | None:
    """English for a specification name, or None. `value` (one of the name's values)
    tells power from capacity. A name with no Vietnamese letters is taken as given
    (typed in English, or a code such as "DN" or "pH")."""
    vocab = vocabulary()
    key = fold(name)
    if key in vocab.names:
        if key == _CAPACITY and value and _POWER_UNIT.search(value):
            return "Power"
        return vocab.names[key]
    for head, head_en in sorted(vocab.heads.items(), key=lambda h: -len(h[0])):
        if key.startswith(head + " ") and key[len(head) + 1 :] in vocab.parts:
            return _capitalise(f"{vocab.parts[key[len(head) + 1 :]]} {head_en}")
    if not _has_vietnamese(name):
        return name.strip()
    return None


def name_key(name: str) -> str:
    """The same key for the ways one specification is named ("Vật liệu", "vật  liệu",
    "Material"), so a comparison puts them in one row."""
    key = fold(name)
    return vocabulary().english_names.get(key, key)


def _match(
    pattern: tuple[str, ...], folded: list[str], tokens: list[str], at: int
) -> list[str] | None:
    """The words filling the slots when `pattern` matches the tokens from `at`."""
    if at + len(pattern) > len(tokens):
        return None
    slots = []
    for offset, want in enumerate(pattern):
        token = tokens[at + offset]
        if want == SLOT:
            if not (token.isascii() and token.isalnum()):
                return None
            slots.append(token)
        elif folded[at + offset] != want:
            return None
    return slots


def _english_numbers(text: str) -> str:
    return _NUMBER.sub(lambda m: m[0].translate(_SWAP_SEPARATORS), text)


@lru_cache(maxsize=4096)
def english_value(value: str) -> str | None:
    """English for a specification value, or None when some of it stays Vietnamese."""
    vocab = vocabulary()
    key = fold(value)
    whole = vocab.values.get(key) or _countries().get(key)
    if whole:
        return whole
    tokens = _tokens(_english_numbers(value.strip()))
    folded = [_fold_token(t) for t in tokens]
    out: list[str] = []
    at = 0
    while at < len(tokens):
        for phrase in vocab.phrases:
            slots = _match(phrase.pattern, folded, tokens, at)
            if slots is not None:
                text = phrase.english
                for slot in slots:
                    text = text.replace(SLOT, slot, 1)
                out.append(text)
                at += len(phrase.pattern)
                break
        else:
            out.append(tokens[at])
            at += 1
    english = _ONE.sub(r"1 \1", "".join(out))
    return None if _has_vietnamese(english) else english
