"""Provinces and communes of Vietnam after the July 2025 two-tier reform.

Data: the `vietnam-provinces` package (sunshine-tech/VietnamProvinces, data of the
General Statistics Office), 34 provinces and their communes/wards. The mapping of
the 63 pre-reform provinces to the ones that absorbed them is Resolution
202/2025/QH15 of the National Assembly (12 June 2025).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import vietnam_provinces

from search.folding import fold, normalise_tone_placement

# Resolution 202/2025/QH15: pre-reform province -> the province that absorbed it.
MERGED_PROVINCES: dict[str, str] = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
}

_PROVINCE_PREFIX = re.compile(r"^(thanh pho|tp\.?|tinh)\s+")
_COMMUNE_PREFIX = re.compile(r"^(phuong|xa|dac khu|p\.|x\.)\s+")


@dataclass(frozen=True)
class Province:
    name: str  # short official name, e.g. "Hà Nội"
    full_name: str  # "Thành phố Hà Nội"
    communes: tuple[str, ...]  # full names, e.g. "Phường Ba Đình"


@dataclass(frozen=True)
class ProvinceMatch:
    province: Province
    old_name: str | None  # set when a pre-2025 name was mapped


def _key(name: str, prefix: re.Pattern[str]) -> str:
    folded = " ".join(fold(normalise_tone_placement(name)).replace("-", " ").split())
    return prefix.sub("", folded)


@cache
def provinces() -> tuple[Province, ...]:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        raw = json.load(f)
    result = []
    for p in raw:
        full = normalise_tone_placement(p["name"])
        short = re.sub(r"^(Thành phố|Tỉnh)\s+", "", full)
        communes = tuple(sorted(normalise_tone_placement(w["name"]) for w in p["wards"]))
        result.append(Province(name=short, full_name=full, communes=communes))
    return tuple(sorted(result, key=lambda p: (p.name != "Hà Nội", fold(p.name))))


@cache
def _province_index() -> dict[str, tuple[Province, str | None]]:
    index: dict[str, tuple[Province, str | None]] = {}
    by_name = {p.name: p for p in provinces()}
    for p in provinces():
        index[_key(p.full_name, _PROVINCE_PREFIX)] = (p, None)
    for old, new in MERGED_PROVINCES.items():
        index[_key(old, _PROVINCE_PREFIX)] = (by_name[new], old)
    index["ho chi minh"] = (by_name["Hồ Chí Minh"], None)
    index["hcm"] = index["ho chi minh"]
    index["sai gon"] = index["ho chi minh"]
    return index


@lru_cache(maxsize=4096)  # an import repeats the same few names thousands of times
def match_province(name: str) -> ProvinceMatch | None:
    """Find a province regardless of case, diacritics and a Thành phố/TP/Tỉnh prefix;
    a pre-reform name maps to the province that absorbed it."""
    key = _key(name, _PROVINCE_PREFIX)
    # Written without spaces too, as in English ("Hanoi", "Haiphong").
    hit = _province_index().get(key) or _compact_index().get(key.replace(" ", ""))
    return ProvinceMatch(hit[0], hit[1]) if hit else None


@cache
def _compact_index() -> dict[str, tuple[Province, str | None]]:
    return {k.replace(" ", ""): v for k, v in _province_index().items()}


@lru_cache(maxsize=16384)
def match_commune(province: Province, name: str) -> str | None:
    """The official commune/ward name in `province`, or None. `phường Từ Liêm`,
    `Tu Liem` and `Phường Từ Liêm` all give `Phường Từ Liêm`."""
    wanted = _key(name, _COMMUNE_PREFIX)
    full = " ".join(fold(normalise_tone_placement(name)).split())
    for commune in province.communes:
        if fold(commune) == full:
            return commune
    matches = [c for c in province.communes if _key(c, _COMMUNE_PREFIX) == wanted]
    # "Tu Liem" alone could be both a ward and a commune of the same name: refuse to guess.
    return matches[0] if len(matches) == 1 else None


def province_names() -> list[str]:
    return [p.name for p in provinces()]


def get_province(name: str) -> Province | None:
    return next((p for p in provinces() if p.name == name), None)
