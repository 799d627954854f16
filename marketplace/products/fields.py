"""Cleaning of product fields, shared by the product form and the import."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _

from marketplace.suppliers.fields import Cleaned, _int
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
_SKU = re.compile(r"^[\w.\-/]{1,64}$")
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


def clean_product(raw: Mapping[str, str | None], category_codes: set[str]) -> Cleaned:
    out = Cleaned()
    get = {k: (raw.get(k) or "").strip() for k in PRODUCT_COLUMNS}
    for col in REQUIRED_PRODUCT_COLUMNS:
        if not get[col]:
            out.errors[col] = _("is required")
    for col, limit in (
        ("name", 300),
        ("name_en", 300),
        ("description", 10000),
        ("description_en", 10000),
    ):
        if len(get[col]) > limit:
            out.errors[col] = _("is longer than %(n)d characters", n=limit)
        else:
            out.values[col] = get[col] or None
    if get["sku"]:
        if _SKU.match(get["sku"]):
            out.values["sku"] = get["sku"]
        else:
            out.errors["sku"] = _("may hold only letters, digits and . - _ / (at most 64)")
    out.values["supplier_tax_code"] = get["supplier_tax_code"]
    if get["category"]:
        code = get["category"].upper()
        if code in category_codes:
            out.values["category_code"] = code
        else:
            out.errors["category"] = _("unknown category code %(code)s", code=get["category"])
    if get["origin"]:
        origin = get["origin"].upper()
        if origin in iso_countries():
            out.values["origin"] = origin
        else:
            out.errors["origin"] = _("must be an ISO 3166-1 alpha-2 country code such as VN")
    out.values["local_content_pct"] = None
    out.values["price_vnd"] = None
    out.values["hs_code"] = None
    try:
        if get["local_content_pct"]:
            out.values["local_content_pct"] = _int(get["local_content_pct"], 0, 100)
    except ValueError as exc:
        out.errors["local_content_pct"] = str(exc)
    try:
        if get["price_vnd"]:
            out.values["price_vnd"] = _int(get["price_vnd"], 0, 10**15)
    except ValueError as exc:
        out.errors["price_vnd"] = str(exc)
    if get["hs_code"]:
        hs = get["hs_code"].replace(".", "").replace(" ", "")
        if re.fullmatch(r"\d{6}|\d{8}", hs):
            out.values["hs_code"] = hs
        else:
            out.errors["hs_code"] = _("must have 6 or 8 digits")
    try:
        out.values["specs"] = parse_specs(get["specs"])
    except ValueError as exc:
        out.errors["specs"] = str(exc)
    out.values["certifications"] = certifications(str(raw.get("certifications") or ""))
    return out
