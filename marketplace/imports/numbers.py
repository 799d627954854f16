"""Numbers read exactly or refused, as a spreadsheet user writes them.

`7.5` in an integer column is an error, never 75; `95.500.000` (digits grouped in
threes by `.` or `,`) is the integer it shows; a percentage takes up to two
decimals with `.` or `,`. Each parser raises ValueError with a message for the
user (through gettext)."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import gettext as _

from marketplace.imports.quoting import shown
from marketplace.main.templating import format_number

_PLAIN = re.compile(r"[+-]?\d+")
# One separator, used consistently, between groups of exactly three digits.
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_PERCENT = re.compile(r"(\d{1,3})(?:[.,](\d{1,2}))?")


def parse_int(text: str, lo: int, hi: int, grouped: bool = False) -> int:
    """A whole number in [lo, hi]; with `grouped`, `1.200.000` and `1,200,000` too."""
    value = text.strip().replace("\u00a0", "").replace(" ", "") if grouped else text.strip()
    # Plain digits, the usual case, are taken without a regex.
    if (value.isascii() and value.isdigit()) or _PLAIN.fullmatch(value):
        number = int(value)
    elif grouped and _GROUPED.fullmatch(value):
        number = int(value.replace(".", "").replace(",", ""))
    else:
        if re.fullmatch(r"[+-]?\d*[.,]\d+", value):
            raise ValueError(_("%(value)s is not a whole number", value=shown(text)))
        raise ValueError(_("%(value)s is not a number", value=shown(text)))
    if not lo <= number <= hi:
        raise ValueError(
            _(
                "must be between %(lo)s and %(hi)s (got %(value)s)",
                lo=_bound(lo),
                hi=_bound(hi),
                value=shown(text),
            )
        )
    return number


def _bound(number: int) -> str:
    """A limit as a message states it: with the reader's separators when long
    (1.000.000.000.000.000), as written when a year or a count (2000, 1000)."""
    return format_number(number) if abs(number) >= 10_000 else str(number)


def parse_vnd(text: str, lo: int = 0, hi: int = 10**15) -> int:
    """An amount in VND: an integer, digits possibly grouped in threes."""
    try:
        return parse_int(text, lo, hi, grouped=True)
    except ValueError as exc:
        if re.fullmatch(r"\d+[.,]\d{1,2}", text.strip()):
            raise ValueError(
                _("%(value)s: VND amounts are whole numbers", value=shown(text))
            ) from None
        raise exc


# Percentages read so far, by their text: a file repeats the same few thousand
# (a Decimal cannot change, so one may stand for every cell with that text).
_PERCENTS: dict[str, Decimal] = {}
_PERCENTS_KEPT = 20_000


def parse_percent(text: str) -> Decimal:
    """0–100 with at most two decimals (`7.5`, `7,5`, `7.5%`)."""
    number = _PERCENTS.get(text)
    if number is None:
        number = _parse_percent(text)
        if len(_PERCENTS) < _PERCENTS_KEPT:
            _PERCENTS[text] = number
    return number


def _parse_percent(text: str) -> Decimal:
    value = text.strip().removesuffix("%").strip()
    match = _PERCENT.fullmatch(value)
    if not match:
        if re.fullmatch(r"\d+[.,]\d{3,}", value):
            raise ValueError(_("%(value)s has more than two decimals", value=shown(text)))
        raise ValueError(_("%(value)s is not a percentage", value=shown(text)))
    number = Decimal(f"{match.group(1)}.{match.group(2) or '0'}")
    if not 0 <= number <= 100:
        raise ValueError(
            _("must be between %(lo)s and %(hi)s (got %(value)s)", lo=0, hi=100, value=shown(text))
        )
    return number.normalize() if number != number.to_integral() else number.quantize(Decimal(1))
