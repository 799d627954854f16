"""Cleaning of product fields, shared by the product form and the import."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from flask_babel import gettext as _

from marketplace.imports.numbers import parse_percent, parse_vnd
from marketplace.suppliers.fields import Cleaned
from marketplace.suppliers.validation import certifications

PRODUCT_COLUMNS = (
    "supplier_tax_code",
    "sku",
    "name",
    "name_en",
    "category",
    "description",
    "description_en",
    "origin",
    "local_content_pct",
    "hs_code",
    "price_vnd",
    "specs",
)
REQUIRED_PRODUCT_COLUMNS = ("supplier_tax_code", "sku", "name", "category", "origin")
_SKU = re.compile(r"^[\w.\-]{1,64}$")
_ISO_COUNTRIES: frozenset[str] | None = None


def iso_countries() -> frozenset[str]:
    global _ISO_COUNTRIES
    if _ISO_COUNTRIES is None:
        from babel import Locale

        _ISO_COUNTRIES = frozenset(
            code for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", code)
        )
    return _ISO_COUNTRIES


def parse_specs(text: str) -> list[tuple[str, str]]:
    """`key: value; key: value` -> [(key, value)]. Raises ValueError naming the bad part."""
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        key, sep, value = part.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(_("specification %(part)s is not in the form key: value", part=part))
        if len(key.strip()) > 120 or len(value.strip()) > 500:
            raise ValueError(_("specification %(part)s is too long", part=part[:40]))
        pairs.append((key.strip(), value.strip()))
    return pairs


def clean_sku(value: str) -> str:
    """A SKU that always forms a URL: letters, digits and - _ . , not only dots."""
    if not _SKU.fullmatch(value) or not value.strip("."):
        raise ValueError(_("may hold only letters, digits and - _ . (not only dots), at most 64"))
    return value


def clean_product(raw: Mapping[str, str | None], category_codes: set[str]) -> Cleaned:
    """Check the columns present in `raw`; only those appear in the values (an absent
    column leaves the stored value as it is, an empty one clears it)."""
    out = Cleaned()
    get = {k: (raw[k] or "").strip() for k in (*PRODUCT_COLUMNS, "certifications") if k in raw}
    for col in REQUIRED_PRODUCT_COLUMNS:
        if not get.get(col):
            out.errors[col] = _("is required")
    for col, limit in _TEXT_LIMITS:
        if col not in get:
            continue
        if len(get[col]) > limit:
            out.errors[col] = _("is longer than %(n)d characters", n=limit)
        else:
            out.values[col] = get[col] or None
    out.values["supplier_tax_code"] = get.get("supplier_tax_code", "")
    for col, attr, parse in _PARSED:
        if col not in get or col in out.errors:
            continue
        if not get[col]:
            out.values[attr] = None
            continue
        try:
            out.values[attr] = parse(get[col], category_codes)
        except ValueError as exc:
            out.errors[col] = str(exc)
    if "certifications" in get:
        out.values["certifications"] = certifications(get["certifications"])
    return out


def _category(value: str, codes: set[str]) -> str:
    code = value.upper()
    if code not in codes:
        raise ValueError(_("unknown category code %(code)s", code=value))
    return code


def _origin(value: str, _codes: set[str]) -> str:
    origin = value.upper()
    if origin not in iso_countries():
        raise ValueError(_("must be an ISO 3166-1 alpha-2 country code such as VN"))
    return origin


def _hs_code(value: str, _codes: set[str]) -> str:
    hs = value.replace(".", "").replace(" ", "")
    if not re.fullmatch(r"\d{6}|\d{8}", hs):
        raise ValueError(_("must have 6 or 8 digits"))
    return hs


def _specs_text(value: str, _codes: set[str]) -> str:
    """Specifications in their canonical text (`key: value; key: value`), which is
    how they are compared with the stored ones and written back."""
    return "; ".join(f"{k}: {v}" for k, v in parse_specs(value))


_TEXT_LIMITS = (("name", 300), ("name_en", 300), ("description", 10000), ("description_en", 10000))
# (column, model attribute, parser): parsers raise ValueError with the user's message.
_PARSED: tuple[tuple[str, str, Callable[[str, set[str]], object]], ...] = (
    ("sku", "sku", lambda v, _c: clean_sku(v)),
    ("category", "category_code", _category),
    ("origin", "origin", _origin),
    ("local_content_pct", "local_content_pct", lambda v, _c: parse_percent(v)),
    ("price_vnd", "price_vnd", lambda v, _c: parse_vnd(v)),
    ("hs_code", "hs_code", _hs_code),
    ("specs", "specs", _specs_text),
)
