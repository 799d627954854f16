"""Checking supply-record fields, shared by the import and the record form. Values
come back under the record's attribute names, only for the columns present (an
absent column leaves the stored value as it is, an empty one clears it);
`supplier_tax_code` and `sku` stay as given and are resolved against the registry
by the caller, since that takes a look-up for the whole file at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from flask_babel import gettext as _

from marketplace.imports import layouts
from marketplace.imports.numbers import parse_int, parse_percent, parse_vnd
from marketplace.imports.quoting import shown
from marketplace.products.fields import category_code, clean_sku, origin_code
from marketplace.share.models import SupplySource
from marketplace.suppliers.fields import Cleaned
from marketplace.suppliers.validation import tax_code

SUPPLY_COLUMNS = (
    "record_id",
    "year",
    "category",
    "value_vnd",
    "origin",
    "local_content_pct",
    "supplier_tax_code",
    "sku",
    "buyer",
    "source",
)
REQUIRED_SUPPLY_COLUMNS = ("record_id", "year", "category", "value_vnd", "origin")
SUPPLY_LAYOUT = layouts.Layout(
    label=lambda: _("a supply records file"),
    field=lambda: _("Supply records file"),
    columns=SUPPLY_COLUMNS,
    required=frozenset(REQUIRED_SUPPLY_COLUMNS),
    example={
        "record_id": "HN-2026-0001",
        "year": "2026",
        "category": "WW-SLU",
        "value_vnd": "1.250.000.000",
        "origin": "VN",
        "local_content_pct": "65",
        "supplier_tax_code": "0112345676",
        "sku": "MEB-1000",
        "buyer": "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng Hà Nội",
        "source": "procurement",
    },
    identity=("record_id", "buyer"),
)
layouts.register("supply_records", SUPPLY_LAYOUT)
YEAR_MIN = 2000
MAX_VALUE_VND = 10**15  # a thousand trillion VND: far beyond any contract


def year_max() -> int:
    """Deliveries are recorded up to next year (contracts signed for delivery then)."""
    return date.today().year + 1


def _record_id(value: str, _codes: set[str]) -> str:
    if len(value) > 64:
        raise ValueError(_("is longer than %(n)d characters", n=64))
    return value


def _year(value: str, _codes: set[str]) -> int:
    year = parse_int(value, -(10**30), 10**30)  # the range is checked here
    if not YEAR_MIN <= year <= year_max():
        raise ValueError(
            _("year %(value)s is outside %(lo)d–%(hi)d", value=value, lo=YEAR_MIN, hi=year_max())
        )
    return year


def _value(value: str, _codes: set[str]) -> int:
    if len(value) <= 16 and value.isascii() and value.isdigit():
        number = int(value)  # nearly every cell of a file: what parse_vnd would give
    else:
        number = parse_vnd(value, lo=-(10**30), hi=10**30)  # the range is checked here
    if number <= 0:
        raise ValueError(_("must be more than 0 VND (got %(value)s)", value=shown(value)))
    if number > MAX_VALUE_VND:
        raise ValueError(
            _("must be at most 1,000,000,000,000,000 VND (got %(value)s)", value=shown(value))
        )
    return number


def _source(value: str, _codes: set[str]) -> str:
    try:
        return SupplySource(value.lower()).value
    except ValueError:
        raise ValueError(
            _(
                "unknown source %(value)s: use %(choices)s",
                value=value,
                choices=", ".join(s.value for s in SupplySource),
            )
        ) from None


def _buyer(value: str, _codes: set[str]) -> str:
    if len(value) > 300:
        raise ValueError(_("is longer than %(n)d characters", n=300))
    return value


_Parse = Callable[[str, set[str]], object]
# column -> (attribute, parser); parsers raise ValueError with the user's message.
_PARSERS: dict[str, tuple[str, _Parse]] = {
    "record_id": ("record_id", _record_id),
    "year": ("year", _year),
    "category": ("category_code", category_code),
    "value_vnd": ("value_vnd", _value),
    "origin": ("origin", origin_code),
    "local_content_pct": ("local_content_pct", lambda v, _c: parse_percent(v)),
    "supplier_tax_code": ("supplier_tax_code", lambda v, _c: tax_code(v)),
    "sku": ("sku", lambda v, _c: clean_sku(v)),
    "buyer": ("buyer", _buyer),
    "source": ("source", _source),
}


_REPEATING = (
    "year",
    "category",
    "origin",
    "local_content_pct",
    "supplier_tax_code",
    "sku",
    "buyer",
    "source",
)


class SupplyCleaner:
    """Checks rows whose columns are known in advance: the work per column is chosen
    once, so a row costs only its own parsing."""

    def __init__(self, columns: Sequence[str], category_codes: set[str]) -> None:
        self.codes = category_codes
        self.missing = [c for c in REQUIRED_SUPPLY_COLUMNS if c not in columns]
        # Years, categories, origins, sources, suppliers, SKUs, buyers and percentages
        # repeat from row to row: each distinct text is parsed once per file.
        self.memo: dict[str, dict[str, tuple[bool, object]]] = {
            c: {} for c in _REPEATING if c in columns
        }
        self.steps = [
            (i, c, *_PARSERS[c], self.memo.get(c), c in REQUIRED_SUPPLY_COLUMNS)
            for i, c in enumerate(columns)
            if c in _PARSERS
        ]

    def parse_memo(self, column: str, text: str | None) -> object:
        """One cell's value as `clean` reads it; None when empty or not valid."""
        value = text.strip() if text else ""
        if not value:
            return None
        memo = self.memo.get(column)
        known = memo.get(value) if memo is not None else None
        if known is None:
            try:
                known = (True, _PARSERS[column][1](value, self.codes))
            except ValueError as exc:
                known = (False, str(exc))
            if memo is not None:
                memo[value] = known
        return known[1] if known[0] else None

    def clean(self, values: Sequence[str | None]) -> Cleaned:
        out = Cleaned()
        got, errors = out.values, out.errors
        for col in self.missing:
            errors[col] = _("is required")
        for i, col, attr, parse, memo, required in self.steps:
            value = values[i]
            value = value.strip() if value else ""
            if not value:
                if required:
                    errors[col] = _("is required")
                got[attr] = None
                continue
            known = memo.get(value) if memo is not None else None
            if known is None:
                try:
                    known = (True, parse(value, self.codes))
                except ValueError as exc:
                    known = (False, str(exc))
                if memo is not None:
                    memo[value] = known
            if known[0]:
                got[attr] = known[1]
            else:
                errors[col] = str(known[1])
        if (
            got.get("sku")
            and not got.get("supplier_tax_code")
            and "supplier_tax_code" not in errors
        ):
            errors["sku"] = _("a SKU needs the supplier_tax_code of its supplier")
        return out


def clean_record(raw: Mapping[str, str | None], category_codes: set[str]) -> Cleaned:
    """One record given as {column: text} (the record form)."""
    columns = list(raw)
    return SupplyCleaner(columns, category_codes).clean([raw[c] for c in columns])
