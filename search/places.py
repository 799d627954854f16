"""Places a query names: provinces and communes of the indexed suppliers, taken out
of the query text so that "máy ép bùn Hưng Yên" asks for suppliers located there."""

from __future__ import annotations

import re
from collections.abc import Iterable

from search import analysis

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
