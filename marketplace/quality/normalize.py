"""Contact details and names in the form two records of one company share.

Phone: digits only, the country code +84/84 and a trunk 0 unified (`+84 24 3826 1234`,
`024.3826.1234` and `(024) 38261234` are one number). E-mail: lower case. Website:
host and path without scheme, `www.` or trailing slash. Name: Vietnamese diacritics
folded, punctuation dropped and the legal-form words (Công ty, TNHH, Cổ phần, JSC,
Co., Ltd, ...) removed, so "Công ty TNHH Môi trường Xanh" and "CTY MOI TRUONG XANH
CO., LTD" have the same core."""

from __future__ import annotations

import re

from search.folding import fold

_NON_DIGIT = re.compile(r"\D")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Folded legal-form phrases, removed first (longest first), then single words. "co"
# alone stays (it is "cơ", as in "cơ khí"), "hai" too (Hải); only "co ltd" goes.
_LEGAL_PHRASES = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"trach nhiem huu han",
            r"(?:mot|hai) thanh vien(?: tro len)?",
            r"co phan",
            r"cong ty",
            r"tap doan",
            r"doanh nghiep tu nhan",
            r"chi nhanh",
            r"joint stock company",
            r"co ltd",
            r"viet nam",
        ]
    )
    + r")\b"
)
LEGAL_WORDS = frozenset(
    {
        *("cty", "ctcp", "tnhh", "mtv", "cp", "jsc", "ltd", "limited", "llc", "inc"),
        *("corp", "corporation", "company", "group", "dntn", "branch", "vietnam"),
    }
)


def phone_key(phone: str | None) -> str | None:
    """The national number without trunk prefix; None when too short to be a number."""
    digits = _NON_DIGIT.sub("", phone or "")
    if digits.startswith("84") and len(digits) >= 10:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= 8 else None


def email_key(email: str | None) -> str | None:
    value = (email or "").strip().lower()
    return value if "@" in value else None


def website_key(website: str | None) -> str | None:
    value = _SCHEME.sub("", (website or "").strip().lower())
    value = value.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if value.startswith("www."):
        value = value[4:]
    return value or None


def name_core(name: str | None) -> str:
    """The distinctive words of a company name, folded, in their order."""
    text = _LEGAL_PHRASES.sub(" ", _NON_WORD.sub(" ", fold(name or "")))
    words = text.split()
    return " ".join(w for w in words if w not in LEGAL_WORDS)
