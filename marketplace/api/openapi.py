"""The OpenAPI 3 document of the JSON API, kept next to the endpoints it describes."""

from __future__ import annotations

from typing import Any

from marketplace.api.openapi_schemas import (
    COMPONENTS,
    NULLABLE_STR,
    PAGE_FIELDS,
    PERCENT,
    TAX_CODE,
    page_params,
    path_param,
    query_param,
    read_responses,
)

_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_FACETS = (
    "category",
    "subcategory",
    "province",
    "commune",
    "made_in",
    "local_content",
    "certification",
    "verified",
)


def _search_operation() -> dict[str, Any]:
    text = {"type": "string", "maxLength": 200}
    result = {
        "type": "object",
        "required": [
            "type",
            "supplier_tax_code",
            "sku",
            "name",
            "supplier_name",
            "category",
            "url",
            "score",
        ],
        "properties": {
            "type": {"enum": ["product", "supplier"]},
            "supplier_tax_code": {"type": "string"},
            "tax_code": {
                "type": "string",
                "description": "Supplier results: the supplier's tax code (two companies "
                "may share a name)",
            },
            "sku": NULLABLE_STR,
            "name": {"type": "string"},
            "name_en": NULLABLE_STR,
            "supplier_name": {"type": "string"},
            "category": {"type": "string"},
            "province": {"type": "string"},
            "commune": NULLABLE_STR,
            "origin": {"type": "string"},
            "local_content_pct": PERCENT,
            "price_vnd": {"type": ["integer", "null"]},
            "verified": {"type": "boolean"},
            "score": {"type": "number"},
            "url": {"type": "string"},
        },
    }
    return {
        "summary": "Full-text search of products (or suppliers), best match first",
        "description": "Vietnamese with or without diacritics, or English. A product's "
        "searchable text includes its supplier's name, province and commune. With "
        "type=supplier the results are suppliers: found by their names, the categories "
        "they list products in, their description and location.",
        "parameters": [
            query_param("q", text, "Search text; empty lists everything, newest first"),
            query_param(
                "type",
                {"enum": ["product", "supplier"], "default": "product"},
                "What to search for",
            ),
            query_param("category", {"type": "string"}, "Category or subcategory code"),
            query_param("province", {"type": "string"}, "Supplier's province"),
            query_param("commune", {"type": "string"}, "Supplier's commune or ward"),
            query_param("made_in", {"enum": ["VN", "imported"]}, "Made in Vietnam or imported"),
            query_param(
                "local_content",
                {"enum": ["0-29", "30-59", "60-100", "unknown"]},
                "Local-content band",
            ),
            query_param(
                "certification",
                {"type": "string"},
                "e.g. ISO 9001; any edition or spelling (ISO 9001:2015, iso9001) is the same",
            ),
            query_param("verified", {"enum": ["yes", "no"]}, "Supplier verified by the Department"),
            query_param(
                "sort",
                {"enum": ["relevance", "local_content", "price", "newest"]},
                "Order of results",
            ),
            *page_params(50, max_page=1000),
        ],
        "responses": read_responses(
            "One page of results with facet counts over all matches",
            {
                "type": "object",
                "required": ["total", "pages", "past_the_end", "results", "facets"],
                "properties": {
                    **PAGE_FIELDS,
                    "suggestion": NULLABLE_STR,
                    "degraded": {
                        "type": "boolean",
                        "description": "True while the search index is rebuilt: results then "
                        "match product names only and come without facets.",
                    },
                    "ignored_words": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Words typed that did not decide what matched: "
                        "purchase wording ('cần mua', 'giá rẻ') and words found nowhere.",
                    },
                    "results": {"type": "array", "items": result},
                    "facets": {
                        "type": "object",
                        "properties": dict.fromkeys(_FACETS, _COUNTS),
                    },
                },
            },
            400,
        ),
    }


def _suggest_operation() -> dict[str, Any]:
    return {
        "summary": "Product names for a search box being typed into",
        "parameters": [
            query_param("q", {"type": "string", "maxLength": 100}, "Text typed so far"),
            query_param("limit", {"type": "integer", "minimum": 1, "maximum": 20}, "At most"),
        ],
        "responses": read_responses(
            "Suggestions, best first",
            {
                "type": "object",
                "required": ["q", "suggestions"],
                "properties": {
                    "q": {"type": "string"},
                    "suggestions": {"type": "array", "items": {"type": "string"}},
                },
            },
            400,
        ),
    }


_SHARE_NUMBER = {"type": ["number", "null"], "minimum": 0, "maximum": 1}


def _categories_operation() -> dict[str, Any]:
    item = {
        "type": "object",
        "required": ["code", "parent", "name_vi", "name_en", "target_min", "target_max"],
        "properties": {
            "code": {"type": "string"},
            "parent": NULLABLE_STR,
            "name_vi": {"type": "string"},
            "name_en": {"type": "string"},
            "target_min": _SHARE_NUMBER,
            "target_max": _SHARE_NUMBER,
        },
    }
    return {
        "summary": "Equipment categories and their 2030 domestic-supply targets",
        "description": "Top-level categories, each followed by its subcategories. Targets "
        "(shares 0–1) are the bands in force this year; a minimum-only target has "
        "target_max null; subcategories carry none.",
        "responses": read_responses("Every category", {"type": "array", "items": item}),
    }


def _share_operation() -> dict[str, Any]:
    category = {
        "type": "object",
        "required": [
            "code",
            "domestic_value_vnd",
            "total_value_vnd",
            "share",
            "target_min",
            "target_max",
            "status",
        ],
        "properties": {
            "code": {"type": "string"},
            "domestic_value_vnd": {"type": "integer", "minimum": 0},
            "total_value_vnd": {"type": "integer", "minimum": 0},
            "share": _SHARE_NUMBER,
            "target_min": _SHARE_NUMBER,
            "target_max": _SHARE_NUMBER,
            "status": {"enum": ["below", "within", "above", "no_target", "no_data"]},
            "records": {"type": "integer", "minimum": 0},
            "low_data": {
                "type": "boolean",
                "description": "Fewer than 20 records: too few to rely on the share.",
            },
        },
    }
    return {
        "summary": "Share of the city's equipment supply made domestically, per category",
        "description": "Aggregates only. `origin` (default): a record is domestic when made "
        "in VN. `local_content`: each record's value weighted by its local content (its own, "
        "else its product's declared value, else 100 for VN and 0 otherwise). `threshold`: "
        "VN records whose local content reaches the threshold (default 30). Values are summed "
        "exactly and rounded to the nearest VND once per category. All eight top-level "
        "categories are listed; one without records has share null and status no_data. "
        "Methodology: /share/methodology.",
        "parameters": [
            query_param(
                "year",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                "Year of delivery (default: the latest year with records)",
            ),
            query_param(
                "method",
                {"enum": ["origin", "local_content", "threshold"], "default": "origin"},
                "How a record counts as domestic",
            ),
            query_param(
                "threshold",
                {"type": "number", "minimum": 0, "maximum": 100},
                "Local-content threshold in percent for method=threshold (default: the "
                "configured one, 30); officials only (403 otherwise)",
            ),
        ],
        "responses": read_responses(
            "One entry per top-level category, in order",
            {
                "type": "object",
                "required": ["year", "method", "categories"],
                "properties": {
                    "year": {"type": "integer"},
                    "method": {"type": "string"},
                    "threshold": {"type": "number"},
                    "categories": {"type": "array", "items": category},
                },
            },
            400,
            403,
        ),
    }


def _paths() -> dict[str, dict[str, Any]]:
    sku = path_param("sku", {"type": "string", "pattern": r"^[A-Za-z0-9._-]{1,64}$"})
    products_page = {
        "type": "object",
        "required": ["total", "results"],
        "properties": {
            **PAGE_FIELDS,
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}},
        },
    }
    communes = {
        "type": "object",
        "required": ["province", "communes"],
        "properties": {
            "province": {"type": "string"},
            "communes": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "/api/v1/products/{tax_code}/{sku}": {
            "get": {
                "summary": "One listed product, by its supplier's tax code and its SKU",
                "description": "The SKU is matched without regard to case. The product's "
                "import columns (specifications, origin, local content, price, "
                "certifications as written), what a search result says of it, and its "
                "supplier. A withdrawn product, or one of a supplier not publicly listed, "
                "is 404 like an unknown one.",
                "parameters": [TAX_CODE, sku],
                "responses": read_responses(
                    "The product", {"$ref": "#/components/schemas/ProductDetail"}, 404
                ),
            }
        },
        "/api/v1/suppliers/{tax_code}": {
            "get": {
                "summary": "A supplier's public profile",
                "parameters": [TAX_CODE],
                "responses": read_responses(
                    "The supplier", {"$ref": "#/components/schemas/Supplier"}, 404
                ),
            }
        },
        "/api/v1/suppliers/{tax_code}/products": {
            "get": {
                "summary": "A supplier's active products",
                "parameters": [TAX_CODE, *page_params(100)],
                "responses": read_responses("One page of products", products_page, 400, 404),
            }
        },
        "/api/v1/provinces/{name}/communes": {
            "get": {
                "summary": "The communes and wards of a province (post-2025 units)",
                "parameters": [path_param("name", {"type": "string"})],
                "responses": read_responses("The province's communes", communes, 404),
            }
        },
        "/api/v1/search": {"get": _search_operation()},
        "/api/v1/search/suggest": {"get": _suggest_operation()},
        "/api/v1/categories": {"get": _categories_operation()},
        "/api/v1/share": {"get": _share_operation()},
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": read_responses("The OpenAPI 3.1 document", {"type": "object"}),
            }
        },
    }


def openapi_document(server: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hanoi environmental equipment marketplace API",
            "version": "1.0.0",
            "description": "Read access to the supplier registry and the domestic-share "
            "figures. Every 200 answer carries a weak ETag and Last-Modified: send them "
            "back in If-None-Match / If-Modified-Since to get 304 while nothing shown "
            "has changed. A bad parameter value (a control character in any) is 400, "
            "naming the parameter and what it allows.",
        },
        "servers": [{"url": server}],
        "paths": _paths(),
        "components": COMPONENTS,
    }
