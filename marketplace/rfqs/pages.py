"""Ready values for the RFQ forms: categories and countries in the page's language,
a stored request as form values."""

from __future__ import annotations

from typing import Any

from babel import Locale
from sqlalchemy.orm import Session

from marketplace.categories.queries import list_top_categories
from marketplace.rfqs.models import Rfq


def category_choices(session: Session, locale: str) -> list[tuple[str, str]]:
    """Top-level categories, each followed by its subcategories (indented)."""
    out = []
    for top in list_top_categories(session):
        out.append((top.code, f"{top.code} · {top.name(locale)}"))
        out += [(c.code, f"   {c.code} · {c.name(locale)}") for c in top.children]
    return out


def country_choices(locale: str) -> list[tuple[str, str]]:
    """Countries by name, Vietnam first (most quotes are for goods made here)."""
    territories = Locale.parse(locale).territories
    names = {k: v for k, v in territories.items() if len(k) == 2 and k.isalpha()}
    first = [("VN", names.pop("VN", "Vietnam"))]
    return first + sorted(names.items(), key=lambda kv: kv[1])


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
