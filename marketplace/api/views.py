"""JSON API v1 (read side). Errors under /api/ are JSON (see errors.py)."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from marketplace.accounts import permissions
from marketplace.api.openapi import openapi_document
from marketplace.api.serializers import (
    product_json,
    search_result_json,
    supplier_json,
    supplier_search_result_json,
)
from marketplace.categories.queries import get_category
from marketplace.db import get_session
from marketplace.imports.numbers import parse_percent
from marketplace.pagination import paginate
from marketplace.products.queries import select_public_products
from marketplace.search_sync import get_backend
from marketplace.searches import services as search_services
from marketplace.searches.documents import listed_categories
from marketplace.share import measure
from marketplace.share import queries as share_queries
from marketplace.share.fields import YEAR_MIN, year_max
from marketplace.share.measure import current_threshold
from marketplace.suppliers import geography
from marketplace.suppliers.queries import PUBLIC_STATES
from marketplace.suppliers.services import get_supplier_by_tax_code
from search.base import SORTS, IndexUnavailable, Query

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"'{name}' must be an integer")
    if not lo <= value <= hi:
        abort(400, description=f"'{name}' must be between {lo} and {hi}")
    return value


def _public_supplier(tax_code: str):  # type: ignore[no-untyped-def]
    supplier = get_supplier_by_tax_code(get_session(), tax_code)
    if supplier is None or supplier.state not in PUBLIC_STATES:
        abort(404, description=f"no supplier with tax code {tax_code}")
    return supplier


@bp.get("/suppliers/<tax_code>")
def supplier(tax_code: str):  # type: ignore[no-untyped-def]
    return jsonify(supplier_json(_public_supplier(tax_code)))


@bp.get("/suppliers/<tax_code>/products")
def supplier_products(tax_code: str):  # type: ignore[no-untyped-def]
    found = _public_supplier(tax_code)
    page = paginate(
        get_session(),
        select_public_products(supplier_id=found.id, sort="name"),
        int_arg("page", 1, 1, 100_000),
        int_arg("per_page", 20, 1, 100),
    )
    return jsonify(
        {
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "results": [product_json(p) for p in page.items],
        }
    )


@bp.get("/provinces/<name>/communes")
def communes(name: str):  # type: ignore[no-untyped-def]
    province = geography.get_province(name)
    if province is None:
        abort(404, description=f"unknown province {name}")
    return jsonify({"province": province.name, "communes": list(province.communes)})


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(openapi_document(request.host_url.rstrip("/")))


API_FILTERS = {
    "commune": "commune",
    "made_in": "made_in",
    "local_content": "lc_band",
    "certification": "cert",
    "verified": "verified",
}


@bp.get("/search/suggest")
def suggest():  # type: ignore[no-untyped-def]
    """Product names for a search box being typed into."""
    q = request.args.get("q", "").strip()[:100]
    try:
        names = get_backend().suggest(q, limit=int_arg("limit", 8, 1, 20)) if q else []
    except IndexUnavailable:
        names = []
    return jsonify({"q": q, "suggestions": names})


@bp.get("/search")
def search():  # type: ignore[no-untyped-def]
    q = request.args.get("q", "").strip()
    if len(q) > 200:
        abort(400, description="'q' must be at most 200 characters")
    category = request.args.get("category") or None
    if category and get_category(get_session(), category) is None:
        abort(400, description=f"unknown category {category}")
    province = request.args.get("province") or None
    if province:
        match = geography.match_province(province)
        if match is None:
            abort(400, description=f"unknown province {province}")
        province = match.province.name
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        abort(400, description=f"'sort' must be one of {', '.join(SORTS)}")
    kind = request.args.get("type") or "product"
    if kind not in ("product", "supplier"):
        abort(400, description="'type' must be product or supplier")
    # Further facet filters, under the names the facets are returned with.
    filters = {
        name: value
        for api_name, name in API_FILTERS.items()
        if (value := request.args.get(api_name, "").strip())
    }
    query = Query(
        text=q,
        category=category,
        province=province,
        filters=filters,
        sort=sort,
        page=int_arg("page", 1, 1, 1000),
        per_page=int_arg("per_page", 20, 1, 50),
    )
    if kind == "supplier":
        suppliers = search_services.search_suppliers(get_session(), get_backend(), query)
        results, degraded = suppliers.results, suppliers.degraded
        listed = listed_categories(get_session(), [s.id for s, _ in suppliers.suppliers])
        items = [
            supplier_search_result_json(s, score, (listed.get(s.id) or [""])[0])
            for s, score in suppliers.suppliers
        ]
    else:
        found = search_services.search_products(get_session(), get_backend(), query)
        results, degraded = found.results, found.degraded
        items = [search_result_json(p, score) for p, score in found.products]
    facets = results.facets
    return jsonify(
        {
            "total": results.total,
            "page": query.page,
            "per_page": query.per_page,
            "suggestion": results.suggestion,
            "ignored_words": results.ignored,
            # The index is being rebuilt: names matched in the database, no facets.
            "degraded": degraded,
            "results": items,
            "facets": {
                "category": facets.get("top_category", {}),
                "subcategory": facets.get("category", {}),
                "province": facets.get("province", {}),
                "commune": facets.get("commune", {}),
                "made_in": facets.get("made_in", {}),
                "local_content": facets.get("lc_band", {}),
                "certification": facets.get("cert", {}),
                "verified": facets.get("verified", {}),
            },
        }
    )


@bp.get("/categories")
def categories():  # type: ignore[no-untyped-def]
    """Top-level categories each followed by its subcategories; targets in force now."""
    return jsonify(share_queries.categories_json(get_session()))


@bp.get("/share")
def share():  # type: ignore[no-untyped-def]
    """Domestic share per top-level category for a year (aggregates only: public)."""
    session = get_session()
    year = int_arg("year", share_queries.latest_year(session), YEAR_MIN, year_max())
    method = request.args.get("method") or "origin"
    if method not in measure.METHODS:
        abort(400, description=f"'method' must be one of {', '.join(measure.METHODS)}")
    threshold = _threshold_arg()
    figures = measure.api_figures(session, year, method, threshold)
    body = {"year": year, "method": method, "categories": measure.as_api(figures)}
    if method == "threshold":
        body["threshold"] = float(threshold)
    return jsonify(body)


def _threshold_arg() -> Decimal:
    """The configured threshold; officials may try another. The public may not:
    figures at every threshold step would give away single records' values."""
    raw = request.args.get("threshold")
    if not raw:
        return current_threshold()
    if not permissions.is_official(current_user):
        abort(403, description="only officials can choose another 'threshold'")
    try:
        return parse_percent(raw)
    except ValueError:
        abort(400, description="'threshold' must be a percentage between 0 and 100")
