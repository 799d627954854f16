"""JSON API v1 (read side). Errors under /api/ are JSON (see errors.py)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from marketplace.api.openapi import openapi_document
from marketplace.api.serializers import product_json, supplier_json
from marketplace.db import get_session
from marketplace.pagination import paginate
from marketplace.products.queries import select_public_products
from marketplace.suppliers import geography
from marketplace.suppliers.queries import PUBLIC_STATES
from marketplace.suppliers.services import get_supplier_by_tax_code

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
