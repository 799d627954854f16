"""Analysis was made faster (words remembered, no separate pass splitting glued
units, one tokenisation of a text for several fields): on any text it gives what
the straightforward version below gives, and a field made of several texts gives
what analysing them joined gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search import analysis
from search.folding import fold

_GLUED_UNIT = re.compile(r"(\d)([^\W\d_])")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+\d*(?:\.\d+)?", re.UNICODE)


def _number(raw: str) -> str:
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return raw.replace(".", "")
    return raw.replace(",", ".")


def _split(text: str) -> list[str]:
    text = text.replace("m³", "m3").replace("m²", "m2")
    return [
        _number(raw) if raw[0].isdigit() else raw
        for raw in _WORD.findall(_GLUED_UNIT.sub(r"\1 \2", text))
    ]


def reference_tokens(text: str) -> list[str]:
    ws = _split(fold(text))
    out: list[str] = []
    for i, w in enumerate(ws):
        unit = analysis.UNITS.get(w)
        out.append(unit or w)
        if unit and i > 0 and ws[i - 1][0].isdigit():
            out.append(ws[i - 1] + unit)
    return out


def reference_words(text: str) -> list[str]:
    return _split(analysis.normalise(text))


# Digits (also other scripts' and superscripts), separators, unit spellings, letters
# with and without marks, Greek sigma (lower case depends on its neighbours), marks.
_PIECES = st.sampled_from(
    [
        *"0123456789.,;:/- xXmMtTlLwW",
        "m³",
        "m²",
        "khối",
        "tấn",
        "lít",
        "kw",
        "KW",
        "inch",
        "ngăn",
        "túi",
        "cbm",
        "Σ",
        "σ",
        "ΟΔΟΣ",
        "ά",
        "٣",
        "²",
        "đ",
        "Đ",
        "hoá",
        "thuỷ",
        "ô",
        "\u0301",
        "\u0323",
        "_",
        "'",
        "é",
        "ø",
        "10.000",
        "1.234.567",
        "7,5",
        "2.5",
        "50m3",
        "a1.5b",
    ]
)
TEXT = st.lists(_PIECES, max_size=30).map("".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_tokens_and_words_equal_the_reference(text):
    for _ in range(2):  # the second time from remembered words
        assert analysis.tokens(text) == reference_tokens(text)
        assert analysis.words(text) == reference_words(text)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_words_of_joined_texts_are_the_words_of_each(a, b):
    joined = analysis.folded_words(f"{a} {b}")
    assert joined == analysis.folded_words(a) + analysis.folded_words(b)
    assert analysis.tokens_of(joined) == reference_tokens(f"{a} {b}")


def test_the_word_memo_stays_bounded_and_exact(monkeypatch):
    monkeypatch.setattr(analysis, "_MEMO_SIZE", 50)
    text = " ".join(f"w{i} {i}.000 m3" for i in range(200))
    assert analysis.tokens(text) == reference_tokens(text)
    assert len(analysis._MEMO) <= 50
    assert analysis.tokens(text) == reference_tokens(text)
