"""Ready values for the RFQ forms: categories and countries in the page's language,
a stored request as form values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel import Locale
from sqlalchemy.orm import Session

from marketplace.categories.queries import list_top_categories
from marketplace.main.templating import format_number
from marketplace.rfqs.models import Rfq
from search.folding import fold


def format_pct(value: Decimal | int | None) -> str:
    """A percentage in the page's language (`72.5%`, `72,5%`); '' for None."""
    if value is None:
        return ""
    return f"{format_number(Decimal(value).normalize())}%"


def category_choices(session: Session, locale: str) -> list[tuple[str, str]]:
    """Top-level categories, each followed by its subcategories (indented)."""
    out = []
    for top in list_top_categories(session):
        out.append((top.code, f"{top.code} · {top.name(locale)}"))
        out += [(c.code, f"   {c.code} · {c.name(locale)}") for c in top.children]
    return out


# Babel's territories include codes that are no ISO 3166-1 country: exceptionally
# reserved ones (Ascension, Canary Islands...), groupings (EU, UN, eurozone,
# Outlying Oceania), pseudo-locales (XA, XB), Kosovo's user-assigned XK and "unknown".
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


def is_country(code: str) -> bool:
    """A real ISO 3166-1 alpha-2 country code (upper case)."""
    return (
        len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
        and code in Locale.parse("en").territories
    )


def country_choices(locale: str) -> list[tuple[str, str]]:
    """Countries by name, Vietnam first (most quotes are for goods made here), in the
    order of the page's language (diacritics folded: "Đức" among the D's)."""
    territories = Locale.parse(locale).territories
    names = {k: v for k, v in territories.items() if is_country(k)}
    first = [("VN", names.pop("VN", "Vietnam"))]
    return first + sorted(names.items(), key=lambda kv: (fold(kv[1]), kv[1]))


def rfq_form_values(rfq: Rfq) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    from marketplace.rfqs.services import deadline_day

    values = {
        "category": rfq.category_code,
        "title": rfq.title,
        "description": rfq.description,
        "quantity": rfq.quantity,
        "unit": rfq.unit,
        "delivery_commune": rfq.delivery_commune,
        "deadline": deadline_day(rfq),
        "budget_vnd": rfq.budget_vnd,
        "verified_only": rfq.verified_only,
        "min_local_content_pct": rfq.min_local_content_pct,
        "province": rfq.province or "",
    }
    return values, [(s.key, s.value) for s in rfq.specs]
