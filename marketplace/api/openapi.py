"""The OpenAPI 3 document of the JSON API, kept next to the endpoints it describes."""

from __future__ import annotations

from typing import Any

_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_NULLABLE_STR = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _page_params(max_per_page: int) -> list[dict[str, Any]]:
    return [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 20},
        },
    ]


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
            "description": "Read access to the supplier registry.",
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
                        "local_content_pct": _NULLABLE_INT,
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
