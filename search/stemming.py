"""English stems for the bilingual index, without Whoosh: the shared analysis must
load in a process that only uses the PostgreSQL backend.

The Porter algorithm as Whoosh implements it (whoosh.lang.porter, Whoosh-Reloaded
2.7.5, BSD licence), kept rule for rule: indexes built with Whoosh's stemmer and
queries stemmed here must give the same stems (tests/search/test_stemming.py
compares the two).
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}

_VOWEL = "[aeiouy]"
_CONS_SEQ = "[^aeiouy]+"
_VOWEL_SEQ = "[aeiou]+"

_M_GT0 = re.compile("^(" + _CONS_SEQ + ")?" + _VOWEL_SEQ + _CONS_SEQ)
_M_EQ1 = re.compile("^(" + _CONS_SEQ + ")?" + _VOWEL_SEQ + _CONS_SEQ + "(" + _VOWEL_SEQ + ")?$")
_M_GT1 = re.compile("^(" + _CONS_SEQ + ")?" + _VOWEL_SEQ + _CONS_SEQ + _VOWEL_SEQ + _CONS_SEQ)
_VOWEL_IN_STEM = re.compile("^(" + _CONS_SEQ + ")?" + _VOWEL)
_CVC = re.compile("^" + _CONS_SEQ + _VOWEL + "[^aeiouwxy]$")

_ED_ING = re.compile("^(.*)(ed|ing)$")
_AT_BL_IZ = re.compile("(at|bl|iz)$")
_DOUBLE = re.compile("([^aeiouylsz])\\1$")
_SUFFIX2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_SUFFIX3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_SUFFIX4 = re.compile(
    "^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
_SUFFIX4_ION = re.compile("^(.+?)(s|t)(ion)$")
_SUFFIX5 = re.compile("^(.+?)e$")


def porter_stem(w: str) -> str:
    """`w` without its English suffixes ("fundamentally" -> "fundament")."""
    if len(w) < 3:
        return w
    first_is_y = w[0] == "y"
    if first_is_y:
        w = "Y" + w[1:]

    # Step 1a
    if w.endswith("s"):
        if w.endswith("sses") or w.endswith("ies"):
            w = w[:-2]
        elif w[-2] != "s":
            w = w[:-1]

    # Step 1b
    if w.endswith("eed"):
        if _M_GT0.match(w[:-3]):
            w = w[:-1]
    elif m := _ED_ING.match(w):
        base = m.group(1)
        if _VOWEL_IN_STEM.match(base):
            w = base
            if _AT_BL_IZ.match(w):
                w += "e"
            elif _DOUBLE.match(w):
                w = w[:-1]
            elif _CVC.match(w):
                w += "e"

    # Step 1c
    if w.endswith("y") and _VOWEL_IN_STEM.match(w[:-1]):
        w = w[:-1] + "i"

    # Step 2
    if (m := _SUFFIX2.match(w)) and _M_GT0.match(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    # Step 3
    if (m := _SUFFIX3.match(w)) and _M_GT0.match(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4
    if m := _SUFFIX4.match(w):
        if _M_GT1.match(m.group(1)):
            w = m.group(1)
    elif m := _SUFFIX4_ION.match(w):
        base = m.group(1) + m.group(2)
        if _M_GT1.match(base):
            w = base

    # Step 5
    if m := _SUFFIX5.match(w):
        base = m.group(1)
        if _M_GT1.match(base) or (_M_EQ1.match(base) and not _CVC.match(base)):
            w = base
    if w.endswith("ll") and _M_GT1.match(w):
        w = w[:-1]

    if first_is_y:
        w = "y" + w[1:]
    return w


@lru_cache(maxsize=100_000)
def english_stem(token: str) -> str:
    return porter_stem(token)


def query_stems(tokens: tuple[str, ...]) -> list[str | None]:
    """The English stem of each query word (None for a number), as both backends
    look a word up: the word itself or any word with its stem (`~stem`)."""
    return [None if t[0].isdigit() else english_stem(t) for t in tokens]
