"""Unicode normalisation and Vietnamese diacritic folding, shared by every backend
and by the registry's name matching (provinces, communes)."""

from __future__ import annotations

import re
import unicodedata

# Two accepted spellings put the tone of a final `oa`, `oe`, `uy` on either vowel
# ("hoá"/"hóa", "thuỷ"/"thủy"). We canonicalise to the mark on the first vowel.
# Works on NFD text: base letters followed by their combining marks.
_TONE = "[\u0301\u0300\u0309\u0303\u0323]"
_NEW_STYLE = re.compile(rf"(?i)((?<!q)o|(?<!q)u)([ae]|y)({_TONE})(?![^\W\d_])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise_tone_placement(text: str) -> str:
    """NFC text with the tone mark of `oa`, `oe`, `uy` endings put on the first vowel
    ("hoá" -> "hóa", "thuỷ" -> "thủy"), so both spellings compare equal."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        first, second, tone = m.group(1), m.group(2), m.group(3)
        if (first.lower() == "o") != (second.lower() in "ae"):
            return m.group(0)  # "uá", "oy": not one of the two-spelling endings
        return first + tone + second

    return unicodedata.normalize("NFC", _NEW_STYLE.sub(move, decomposed))


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# One translate() table instead of NFD + filter per call: indexing folds every word
# of every document, and this is five times faster. Covers the Latin blocks used by
# Vietnamese (and other Latin-script names) plus stray combining marks.
_FOLD_TABLE = {
    cp: _fold_char(chr(cp))
    for block in ((0x00C0, 0x0250), (0x1E00, 0x1F00))
    for cp in range(*block)
    if _fold_char(chr(cp)) != chr(cp)
} | dict.fromkeys(range(768, 880))


def fold_table() -> dict[int, str]:
    """What `fold` replaces before lower-casing: code point -> its letters (None or
    "" for a mark it drops), for folding the same way elsewhere (in SQL)."""
    return dict(_FOLD_TABLE)


def fold(text: str) -> str:
    """Lower case without any diacritics; đ/Đ become d. `Máy ép bùn` -> `may ep bun`."""
    return text.translate(_FOLD_TABLE).lower()
