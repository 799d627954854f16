"""The OpenAPI 3 document of the JSON API, kept next to the endpoints it describes."""

from __future__ import annotations

from typing import Any

_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_NULLABLE_STR = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _page_params(max_per_page: int, max_page: int = 100000) -> list[dict[str, Any]]:
    return [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_page, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 20},
        },
    ]


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


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
            "sku": _NULLABLE_STR,
            "name": {"type": "string"},
            "name_en": _NULLABLE_STR,
            "supplier_name": {"type": "string"},
            "category": {"type": "string"},
            "province": {"type": "string"},
            "commune": _NULLABLE_STR,
            "origin": {"type": "string"},
            "local_content_pct": _NULLABLE_INT,
            "price_vnd": _NULLABLE_INT,
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
            _query("q", text, "Search text; empty lists everything, newest first"),
            _query(
                "type",
                {"enum": ["product", "supplier"], "default": "product"},
                "What to search for",
            ),
            _query("category", {"type": "string"}, "Category or subcategory code"),
            _query("province", {"type": "string"}, "Supplier's province"),
            _query("commune", {"type": "string"}, "Supplier's commune or ward"),
            _query("made_in", {"enum": ["VN", "imported"]}, "Made in Vietnam or imported"),
            _query(
                "local_content",
                {"enum": ["0-29", "30-59", "60-100", "unknown"]},
                "Local-content band",
            ),
            _query("certification", {"type": "string"}, "e.g. ISO 9001"),
            _query("verified", {"enum": ["yes", "no"]}, "Supplier verified by the Department"),
            _query(
                "sort",
                {"enum": ["relevance", "local_content", "price", "newest"]},
                "Order of results",
            ),
            *_page_params(50, max_page=1000),
        ],
        "responses": {
            "200": {
                "description": "One page of results with facet counts over all matches",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["total", "results", "facets"],
                            "properties": {
                                "total": {"type": "integer", "minimum": 0},
                                "page": {"type": "integer"},
                                "per_page": {"type": "integer"},
                                "suggestion": _NULLABLE_STR,
                                "ignored_words": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                    "description": "Words typed that did not decide what "
                                    "matched: purchase wording ('cần mua', 'giá rẻ') and words "
                                    "found nowhere.",
                                },
                                "degraded": {
                                    "type": "boolean",
                                    "description": "True while the search index is "
                                    "being rebuilt: results match names only (with or "
                                    "without diacritics, or in English), best match "
                                    "then newest, and facets are empty",
                                },
                                "results": {"type": "array", "items": result},
                                "facets": {
                                    "type": "object",
                                    "properties": dict.fromkeys(_FACETS, _COUNTS),
                                },
                            },
                        }
                    }
                },
            },
            "400": _ERROR,
        },
    }


def _suggest_operation() -> dict[str, Any]:
    return {
        "summary": "Product names for a search box being typed into",
        "parameters": [
            _query("q", {"type": "string", "maxLength": 100}, "Text typed so far"),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 20}, "At most"),
        ],
        "responses": {
            "200": {
                "description": "Suggestions, best first",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["q", "suggestions"],
                            "properties": {
                                "q": {"type": "string"},
                                "suggestions": {"type": "array", "items": {"type": "string"}},
                            },
                        }
                    }
                },
            },
            "400": _ERROR,
        },
    }


_SHARE_NUMBER = {"type": ["number", "null"], "minimum": 0, "maximum": 1}


def _categories_operation() -> dict[str, Any]:
    item = {
        "type": "object",
        "required": ["code", "parent", "name_vi", "name_en", "target_min", "target_max"],
        "properties": {
            "code": {"type": "string"},
            "parent": _NULLABLE_STR,
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
        "responses": {
            "200": {
                "description": "Every category",
                "content": {"application/json": {"schema": {"type": "array", "items": item}}},
            }
        },
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
            _query(
                "year",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                "Year of delivery (default: the latest year with records)",
            ),
            _query(
                "method",
                {"enum": ["origin", "local_content", "threshold"], "default": "origin"},
                "How a record counts as domestic",
            ),
            _query(
                "threshold",
                {"type": "number", "minimum": 0, "maximum": 100},
                "Local-content threshold in percent for method=threshold (default: the "
                "configured one, 30); officials only (403 otherwise)",
            ),
        ],
        "responses": {
            "200": {
                "description": "One entry per top-level category, in order",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["year", "method", "categories"],
                            "properties": {
                                "year": {"type": "integer"},
                                "method": {"type": "string"},
                                "threshold": {"type": "number"},
                                "categories": {"type": "array", "items": category},
                            },
                        }
                    }
                },
            },
            "400": _ERROR,
            "403": _ERROR,
        },
    }


def openapi_document(server: str) -> dict[str, Any]:
    tax_code = {
        "name": "tax_code",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": r"^\d{10}(-\d{3})?$"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hanoi environmental equipment marketplace API",
            "version": "1.0.0",
            "description": "Read access to the supplier registry and the domestic-share figures.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/suppliers/{tax_code}": {
                "get": {
                    "summary": "A supplier's public profile",
                    "parameters": [tax_code],
                    "responses": {
                        "200": {
                            "description": "The supplier",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Supplier"}
                                }
                            },
                        },
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/suppliers/{tax_code}/products": {
                "get": {
                    "summary": "A supplier's active products",
                    "parameters": [tax_code, *_page_params(100)],
                    "responses": {
                        "200": {
                            "description": "One page of products",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["total", "results"],
                                        "properties": {
                                            "total": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "per_page": {"type": "integer"},
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Product"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/search": {"get": _search_operation()},
            "/api/v1/search/suggest": {"get": _suggest_operation()},
            "/api/v1/categories": {"get": _categories_operation()},
            "/api/v1/share": {"get": _share_operation()},
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "title": {"type": "string"},
                                "detail": {"type": "string"},
                            },
                        }
                    },
                },
                "Supplier": {
                    "type": "object",
                    "required": ["tax_code", "name", "province", "ownership", "verified", "url"],
                    "properties": {
                        "tax_code": {"type": "string"},
                        "name": {"type": "string"},
                        "name_en": _NULLABLE_STR,
                        "province": {"type": "string"},
                        "commune": _NULLABLE_STR,
                        "address": _NULLABLE_STR,
                        "website": _NULLABLE_STR,
                        "email": _NULLABLE_STR,
                        "phone": _NULLABLE_STR,
                        "ownership": {"enum": ["domestic", "foreign", "joint_venture"]},
                        "founded_year": _NULLABLE_INT,
                        "employees": _NULLABLE_INT,
                        "description": _NULLABLE_STR,
                        "description_en": _NULLABLE_STR,
                        "certifications": {"type": "array", "items": {"type": "string"}},
                        "verified": {"type": "boolean"},
                        "verification_state": {"type": "string"},
                        "url": {"type": "string"},
                    },
                },
                "Product": {
                    "type": "object",
                    "required": ["supplier_tax_code", "sku", "name", "category", "origin", "url"],
                    "properties": {
                        "supplier_tax_code": {"type": "string"},
                        "sku": {"type": "string"},
                        "name": {"type": "string"},
                        "name_en": _NULLABLE_STR,
                        "category": {"type": "string"},
                        "description": _NULLABLE_STR,
                        "description_en": _NULLABLE_STR,
                        "origin": {"type": "string"},
                        "local_content_pct": {"type": ["number", "null"]},
                        "hs_code": _NULLABLE_STR,
                        "price_vnd": _NULLABLE_INT,
                        "specs": {"type": "object", "additionalProperties": {"type": "string"}},
                        "certifications": {"type": "array", "items": {"type": "string"}},
                        "photos": {"type": "array", "items": {"type": "string"}},
                        "url": {"type": "string"},
                    },
                },
            }
        },
    }
