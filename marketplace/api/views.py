"""JSON API v1 (read side). Errors under /api/ are JSON (see errors.py)."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from marketplace.accounts import permissions
from marketplace.api.conditional import make_conditional
from marketplace.api.openapi import openapi_document
from marketplace.api.search import search_json
from marketplace.api.serializers import product_detail_json, product_json, supplier_json
from marketplace.db import get_session
from marketplace.imports.numbers import parse_percent
from marketplace.pagination import paginate
from marketplace.products.queries import get_public_product, select_public_products
from marketplace.search_sync import get_backend
from marketplace.searches.params import has_control, judge_search, whole_number
from marketplace.share import measure
from marketplace.share import queries as share_queries
from marketplace.share.fields import YEAR_MIN, year_max
from marketplace.share.measure import current_threshold
from marketplace.suppliers import geography
from marketplace.suppliers.queries import PUBLIC_STATES
from marketplace.suppliers.services import get_supplier_by_tax_code
from search.base import IndexUnavailable

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.after_request(make_conditional)


@bp.before_request
def _refuse_control_characters() -> None:
    """No parameter of any endpoint may hold a control character (a NUL byte would
    reach the database, which refuses it)."""
    given = [*request.args.items(multi=True), *(request.view_args or {}).items()]
    for name, value in given:
        if has_control(name) or has_control(str(value)):
            abort(400, description=f"'{name}' must not contain control characters")


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    """The whole number in parameter `name` (400 when it is not one from lo to hi),
    judged as the search judges its page numbers."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    value = whole_number(raw, lo, hi)
    if value is None:
        abort(400, description=f"'{name}' must be a whole number from {lo} to {hi} (got {raw!r})")
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
            "pages": page.pages,
            "past_the_end": page.page > page.pages,
            "page": page.page,
            "per_page": page.per_page,
            "results": [product_json(p) for p in page.items],
        }
    )


@bp.get("/products/<tax_code>/<sku>")
def product(tax_code: str, sku: str):  # type: ignore[no-untyped-def]
    """One listed product by its supplier's tax code and its SKU."""
    found = get_public_product(get_session(), tax_code, sku)
    if found is None:
        abort(404, description=f"no listed product {sku} of supplier {tax_code}")
    return jsonify(product_detail_json(found))


@bp.get("/provinces/<name>/communes")
def communes(name: str):  # type: ignore[no-untyped-def]
    province = geography.get_province(name)
    if province is None:
        abort(404, description=f"unknown province {name}")
    return jsonify({"province": province.name, "communes": list(province.communes)})


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(openapi_document(request.host_url.rstrip("/")))


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
    judged = judge_search(get_session(), request.args, api=True)
    if judged.bad:
        abort(400, description="; ".join(b.detail for b in judged.bad))
    return jsonify(search_json(get_session(), get_backend(), judged.query, judged.type))


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
