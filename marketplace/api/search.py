"""The JSON body of `GET /api/v1/search` for a judged query."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from marketplace.api.serializers import search_result_json, supplier_search_result_json
from marketplace.pagination import Page
from marketplace.searches import services as search_services
from marketplace.searches.documents import listed_categories
from search.base import Query, SearchBackend

# API facet name -> the index's facet name.
FACETS = {
    "category": "top_category",
    "subcategory": "category",
    "province": "province",
    "commune": "commune",
    "made_in": "made_in",
    "local_content": "lc_band",
    "certification": "cert",
    "verified": "verified",
}


def search_json(
    session: Session, backend: SearchBackend, query: Query, kind: str
) -> dict[str, Any]:
    """One page of products (or suppliers) with facet counts over every match. A page
    past the last one is empty and says so (`past_the_end`, with `pages`), while
    `total` and the facets still count the matches."""
    if kind == "supplier":
        suppliers = search_services.search_suppliers(session, backend, query)
        degraded = suppliers.degraded
        results = suppliers.results
        listed = listed_categories(session, [s.id for s, _ in suppliers.suppliers])
        items = [
            supplier_search_result_json(s, score, (listed.get(s.id) or [""])[0])
            for s, score in suppliers.suppliers
        ]
    else:
        found = search_services.search_products(session, backend, query)
        degraded = found.degraded
        results = found.results
        items = [search_result_json(p, score) for p, score in found.products]
    pages = Page(items=items, page=query.page, per_page=query.per_page, total=results.total).pages
    return {
        "total": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": pages,
        "past_the_end": query.page > pages,
        "suggestion": results.suggestion,
        "ignored_words": results.ignored,
        "degraded": degraded,
        "results": items,
        "facets": {name: results.facets.get(key, {}) for name, key in FACETS.items()},
    }
