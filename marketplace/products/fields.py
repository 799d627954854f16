"""Cleaning of product fields, shared by the product form and the import."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from flask_babel import gettext as _

from marketplace.imports import layouts
from marketplace.imports.numbers import parse_percent, parse_vnd
from marketplace.imports.quoting import shown
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
PRODUCT_LAYOUT = layouts.Layout(
    label=lambda: _("a products file"),
    field=lambda: _("Products file"),
    columns=PRODUCT_COLUMNS,
    required=frozenset(REQUIRED_PRODUCT_COLUMNS),
    example={
        "supplier_tax_code": "0112345676",
        "sku": "MEB-1000",
        "name": "Máy ép bùn băng tải 1000 mm",
        "name_en": "Belt filter press 1000 mm",
        "category": "WW-SLU",
        "description": "Khung inox 304, vận hành tự động",
        "description_en": "Stainless steel 304 frame, automatic operation",
        "origin": "VN",
        "local_content_pct": "75",
        "hs_code": "84212100",
        "price_vnd": "450000000",
        "specs": "khổ băng: 1000 mm; công suất: 5 m3/h",
    },
    identity=("sku", "name"),
)
layouts.register("products", PRODUCT_LAYOUT)
_SKU = re.compile(r"^[\w.\-]{1,64}$")
_HS = re.compile(r"\d{6}|\d{8}")
_ISO_COUNTRIES: frozenset[str] | None = None


def iso_countries() -> frozenset[str]:
    global _ISO_COUNTRIES
    if _ISO_COUNTRIES is None:
        # The ISO 3166-1 list itself: CLDR's territories (which name them, in Babel)
        # also hold codes that are no country (ZZ, EU, UN, XK, QO, AC, ...).
        import pycountry

        _ISO_COUNTRIES = frozenset(str(c.alpha_2) for c in pycountry.countries)
    return _ISO_COUNTRIES


def parse_specs(text: str) -> list[tuple[str, str]]:
    """`key: value; key: value` -> [(key, value)]. Raises ValueError naming the bad part."""
    pairs: list[tuple[str, str]] = []
    for raw in text.split(";"):
        # `:` is not white space, so splitting before stripping gives the same parts.
        key, sep, value = raw.partition(":")
        key, value = key.strip(), value.strip()
        if not (sep and key and value):
            part = raw.strip()
            if not part:
                continue
            raise ValueError(_("specification %(part)s is not in the form key: value", part=part))
        if len(key) > 120 or len(value) > 500:
            raise ValueError(_("specification %(part)s is too long", part=raw.strip()[:40]))
        pairs.append((key, value))
    return pairs


def clean_sku(value: str) -> str:
    """A SKU that always forms a URL: letters, digits and - _ . , not only dots."""
    if not _SKU.fullmatch(value) or not value.strip("."):
        raise ValueError(
            _(
                "may hold only letters, digits and - _ . (not only dots), at most 64 "
                "characters (got %(value)s)",
                value=shown(value),
            )
        )
    return value


class ProductCleaner:
    """Checks product rows whose columns are known in advance (a file's header, a
    form's fields): the work per column is decided once, so a row costs only its
    own parsing. Only the columns present appear in the values (an absent column
    leaves the stored value as it is, an empty one clears it)."""

    def __init__(
        self,
        columns: Sequence[str],
        category_codes: set[str],
        required: Sequence[str] = REQUIRED_PRODUCT_COLUMNS,
    ) -> None:
        self.codes = category_codes
        self.required = required
        self.steps: list[tuple[int, str, str, Callable[[str, set[str]], object] | None]] = []
        for i, col in enumerate(columns):
            if col in _TEXT_LIMITS:
                self.steps.append((i, col, col, _limited(_TEXT_LIMITS[col])))
            elif col in _PARSERS:
                attr, parse = _PARSERS[col]
                self.steps.append((i, col, attr, parse))
            elif col == "certifications":
                self.steps.append((i, col, col, lambda v, _c: certifications(v)))
            elif col == "supplier_tax_code":
                self.steps.append((i, col, col, None))
        self.missing = [c for c in required if c not in columns]

    def clean(self, values: Sequence[str | None]) -> Cleaned:
        out = Cleaned()
        errors, cleaned, codes = out.errors, out.values, self.codes
        for col in self.missing:
            errors[col] = _("is required")
        for i, col, attr, parse in self.steps:
            value = values[i]
            if value:
                value = value.strip()
            if not value:
                if col in self.required:
                    errors[col] = _("is required")
                cleaned[attr] = None
            elif parse is None:
                cleaned[attr] = value
            else:
                try:
                    cleaned[attr] = parse(value, codes)
                except ValueError as exc:
                    errors[col] = str(exc)
        return out


def clean_product(raw: Mapping[str, str | None], category_codes: set[str]) -> Cleaned:
    """One product given as {column: text} (the product form)."""
    columns = list(raw)
    return ProductCleaner(columns, category_codes).clean([raw[c] for c in columns])


def _limited(limit: int) -> Callable[[str, set[str]], str]:
    def check(value: str, _codes: set[str]) -> str:
        if len(value) > limit:
            raise ValueError(_("is longer than %(n)d characters", n=limit))
        return value

    return check


def category_code(value: str, codes: set[str]) -> str:
    """A category or subcategory code among `codes`, in any case (products, supply
    records)."""
    code = value.upper()
    if code not in codes:
        raise ValueError(_("unknown category code %(code)s", code=value))
    return code


def origin_code(value: str, _codes: set[str]) -> str:
    """An ISO 3166-1 alpha-2 country of manufacture, in any case."""
    origin = value.upper()
    if origin not in iso_countries():
        raise ValueError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code such as VN", value=value)
        )
    return origin


def _hs_code(value: str, _codes: set[str]) -> str:
    hs = value.replace(".", "").replace(" ", "")
    if not _HS.fullmatch(hs):
        raise ValueError(_("must have 6 or 8 digits (got %(value)s)", value=shown(value)))
    return hs


# Specifications already in the canonical form (parts stripped and not empty, keys
# without `:`, within the length limits): what parse_specs and joining give back,
# found by one match instead of a split per part (most cells of a file are so).
_PAIR = r"[^:;\s](?:[^:;]{0,118}[^:;\s])?: [^;\s](?:[^;]{0,498}[^;\s])?"
_CANONICAL_SPECS = re.compile(f"{_PAIR}(?:; {_PAIR})*")


def _specs_text(value: str, _codes: set[str]) -> str:
    """Specifications in their canonical text (`key: value; key: value`), which is
    how they are compared with the stored ones and written back."""
    if _CANONICAL_SPECS.fullmatch(value):
        return value
    return "; ".join([f"{k}: {v}" for k, v in parse_specs(value)])


def split_canonical_specs(text: str) -> list[tuple[str, str]]:
    """parse_specs for text in the canonical form that the import's cleaning produced
    (keys without `:`, values without `;`, both stripped and non-empty): the pairs
    without checking them again."""
    if not text:
        return []
    return [(k, v) for k, _sep, v in (part.partition(": ") for part in text.split("; "))]


_TEXT_LIMITS = {"name": 300, "name_en": 300, "description": 10000, "description_en": 10000}
# column -> (model attribute, parser); parsers raise ValueError with the user's message.
_PARSERS: dict[str, tuple[str, Callable[[str, set[str]], object]]] = {
    "sku": ("sku", lambda v, _c: clean_sku(v)),
    "category": ("category_code", category_code),
    "origin": ("origin", origin_code),
    "local_content_pct": ("local_content_pct", lambda v, _c: parse_percent(v)),
    "price_vnd": ("price_vnd", lambda v, _c: parse_vnd(v)),
    "hs_code": ("hs_code", _hs_code),
    "specs": ("specs", _specs_text),
}
