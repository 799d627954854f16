"""The search results page: query, facets, sort, pages."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from flask import Blueprint, g, render_template, request
from flask_babel import get_locale

from marketplace.db import get_session
from marketplace.pagination import Page
from marketplace.search_sync import get_backend
from marketplace.searches import cards, services
from marketplace.searches.facets import facet_view
from marketplace.searches.notes import refusal_notes
from marketplace.searches.params import JudgedSearch, judge_search
from search.base import SORTS, Query

bp = Blueprint("searches", __name__)
T = TypeVar("T")
PER_PAGE = 24


def judge_args() -> JudgedSearch:
    """The query of the page's URL; values refused are left out, with a note, and
    out of the page's links (url_with) too."""
    judged = judge_search(get_session(), request.args, per_page=PER_PAGE)
    if judged.bad:
        refused = {b.name for b in judged.bad}
        g.url_args = {k: v for k, v in request.args.items() if k not in refused}
    return judged


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
    judged = judge_args()
    query = judged.query
    status = 400 if judged.bad else 200
    if judged.type == "supplier":
        return _supplier_results(judged), status
    strip = _supplier_query(query, SUPPLIER_STRIP) if query.page == 1 else None
    suppliers = (
        services.search_supplier_strip(get_session(), get_backend(), strip) if strip else None
    )
    locale = str(get_locale())
    found = services.search_result_page(get_session(), get_backend(), query, locale)
    page = _page(found.products, judged, found.results.total)
    past = _past_the_end(page)
    active = {**query.filters, **({"category": query.category} if query.category else {})}
    facets = facet_view(get_session(), found.results.facets, active, locale)
    return render_template(
        "searches/results.html",
        query=query,
        found=found,
        page=page,
        cards=cards.result_cards(page.items, query.text, locale),
        past_the_end=past,
        facets=cards.facet_links(facets),
        active=active,
        refused=refusal_notes(judged.bad, skip_page=past),
        sorts=SORTS,
        suppliers=None if past else suppliers,
        strip_badges=cards.verified_badges(s for s, _ in suppliers.suppliers) if suppliers else {},
    ), status


def _supplier_results(judged: JudgedSearch):  # type: ignore[no-untyped-def]
    """Every supplier matching the text (the "see all" of the page's supplier strip)."""
    query = judged.query
    supplier_query = _supplier_query(query, PER_PAGE) or replace(
        query, category=None, filters={}, per_page=PER_PAGE
    )
    found = services.search_suppliers(get_session(), get_backend(), supplier_query)
    page = _page(found.suppliers, replace(judged, query=supplier_query), found.results.total)
    return render_template(
        "searches/suppliers.html",
        query=supplier_query,
        page=page,
        past_the_end=_past_the_end(page),
        refused=refusal_notes(judged.bad, skip_page=_past_the_end(page)),
        degraded=found.degraded,
    )


def _page(items: list[T], judged: JudgedSearch, total: int) -> Page[T]:
    """The page shown. A page number refused for being too large (the first page
    was searched instead) is kept when it is past the last page, so that the page
    says how far the results go rather than showing the first page."""
    page = Page(items=items, page=judged.query.page, per_page=judged.query.per_page, total=total)
    if judged.page_asked and judged.page_asked > page.pages:
        return replace(page, items=[], page=judged.page_asked)
    return page


def _past_the_end(page: Page[T]) -> bool:
    """Asked for a page after the last one of results there are."""
    return page.total > 0 and page.page > page.pages
