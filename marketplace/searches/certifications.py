"""Certifications as one facet value per standard: suppliers write "ISO 9001:2015",
"ISO 9001", "iso9001" or "ISO 9001 - 2008" for the same certificate, and a buyer
filtering by ISO 9001 wants every edition. Pages still show what the supplier wrote;
only search documents and filters use these forms."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A standard's body (one to three short Latin words: ISO, ISO/IEC, TCVN ISO, OHSAS),
# its number (14644-1, 60529), and an optional edition year (":2015", "-2008",
# " 2015"). The number is matched lazily so that "9001-2015" leaves the year to
# the edition.
_STANDARD = re.compile(
    r"^(?P<body>[A-Za-z]{2,6}(?:[ /][A-Za-z]{2,6}){0,2})\s*-?\s*"
    r"(?P<number>\d+(?:[.-]\d+)*?)"
    r"(?:(?:\s*[:-]\s*|\s+)(?:19|20)\d{2})?$"
)
# A bare mark ("ce", "Ce"): upper case, as printed on the product.
_MARK = re.compile(r"^[A-Za-z]{1,4}$")


def canonical_certification(text: str) -> str:
    """The facet value of one certification: "ISO 9001:2015" and "iso9001" give
    "ISO 9001"; anything else is kept as written, spacing tidied."""
    name = " ".join(text.split())
    if match := _STANDARD.match(name):
        return f"{match['body'].upper()} {match['number']}"
    if _MARK.match(name):
        return name.upper()
    return name


def facet_certifications(*lists: Iterable[str]) -> list[str]:
    """The certifications of one document, each once (a product and its supplier
    often both claim ISO 9001), canonical, in the order first claimed. A comma
    inside an entry separates two certifications (both backends store the values
    comma-joined)."""
    out: dict[str, None] = {}
    for items in lists:
        for item in items:
            for part in item.split(","):
                if value := canonical_certification(part):
                    out.setdefault(value)
    return list(out)
