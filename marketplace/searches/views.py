"""The search results page: query, facets, sort, pages."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from marketplace.db import get_session
from marketplace.pagination import Page
from marketplace.search_sync import get_backend
from marketplace.searches import services
from marketplace.searches.params import query_from_params
from search.base import SORTS, Query

bp = Blueprint("searches", __name__)
T = TypeVar("T")
PER_PAGE = 24


def query_from_args() -> tuple[Query, list[str]]:
    """The query of the page's URL; values that cannot apply are dropped, with a note."""
    return query_from_params(get_session(), request.args, PER_PAGE)


# Filters that apply to suppliers as well as products.
SUPPLIER_FILTERS = ("province", "commune", "verified", "cert")
SUPPLIER_STRIP = 4


def _supplier_query(query: Query, per_page: int) -> Query | None:
    """The suppliers a product query also asks about, or None when its filters are
    about products only (category, origin, local content)."""
    if not query.text or query.category or set(query.filters) - set(SUPPLIER_FILTERS):
        return None
    return replace(query, per_page=per_page, sort="relevance")


@bp.get("/search")
def results():  # type: ignore[no-untyped-def]
    query, dropped = query_from_args()
    if request.args.get("type") == "supplier":
        return _supplier_results(query)
    strip = _supplier_query(query, SUPPLIER_STRIP) if query.page == 1 else None
    suppliers = services.search_suppliers(get_session(), get_backend(), strip) if strip else None
    found = services.search_products(get_session(), get_backend(), query)
    page = _page(found.products, query, found.results.total)
    active = {**query.filters, **({"category": query.category} if query.category else {})}
    return render_template(
        "searches/results.html",
        query=query,
        found=found,
        page=page,
        facets=services.facet_view(get_session(), found.results.facets, active, str(get_locale())),
        active=active,
        dropped=dropped,
        sorts=SORTS,
        suppliers=suppliers,
    )


def _supplier_results(query: Query):  # type: ignore[no-untyped-def]
    """Every supplier matching the text (the "see all" of the page's supplier strip)."""
    supplier_query = _supplier_query(query, PER_PAGE) or replace(
        query, category=None, filters={}, per_page=PER_PAGE
    )
    found = services.search_suppliers(get_session(), get_backend(), supplier_query)
    page = _page(found.suppliers, supplier_query, found.results.total)
    return render_template(
        "searches/suppliers.html", query=supplier_query, page=page, degraded=found.degraded
    )


def _page(items: list[T], query: Query, total: int) -> Page[T]:
    return Page(items=items, page=query.page, per_page=query.per_page, total=total)
