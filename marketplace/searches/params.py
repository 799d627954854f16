"""The search page's URL parameters as a Query: shared by the page and by saved
searches (marketplace/buyers), so a saved search finds what its page shows."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from marketplace.categories.queries import get_category
from search.base import FILTERS, SORTS, Query

# The parameters that make a search (page and type are how it is shown).
SEARCH_PARAMS = ("q", "sort", *FILTERS)


def _int(raw: str, default: int, hi: int) -> int:
    return min(max(int(raw), 1), hi) if raw.isdigit() else default


def query_from_params(
    session: Session, args: Mapping[str, str], per_page: int
) -> tuple[Query, list[str]]:
    """The query of these parameters; values that cannot apply are dropped, and
    returned so the page can say so."""
    dropped = []
    filters = {}
    for name in FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if name == "category" and get_category(session, value) is None:
            dropped.append(value)
            continue
        filters[name] = value
    sort = args.get("sort") or "relevance"
    category = filters.pop("category", None)
    return (
        Query(
            text=(args.get("q") or "").strip()[:200],
            category=category,
            filters=filters,
            sort=sort if sort in SORTS else "relevance",
            page=_int(args.get("page") or "", 1, 1000),
            per_page=per_page,
        ),
        dropped,
    )


def search_params(args: Mapping[str, str]) -> dict[str, str]:
    """Only the parameters that define a search, without empty ones."""
    return {k: v.strip()[:200] for k in SEARCH_PARAMS if (v := args.get(k) or "").strip()}
