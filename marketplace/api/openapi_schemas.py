"""Shared pieces of the OpenAPI document: the objects the API returns, errors, and
the conditional-request headers every read answer carries."""

from __future__ import annotations

from typing import Any

NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}
PERCENT = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
ERROR = {
    "description": "Error: the detail names the parameter and what it allows",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
NOT_MODIFIED = {
    "description": "Not modified: the answer is the one the client holds (If-None-Match "
    "matches its ETag, or If-Modified-Since is not before its Last-Modified)",
    "headers": {
        "ETag": {"schema": {"type": "string"}},
        "Last-Modified": {"schema": {"type": "string"}},
    },
}
_HEADERS = {
    "ETag": {
        "description": "Weak validator of this answer: it changes whenever the data shown "
        "changes. Send it back in If-None-Match to get 304 while it has not.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When this answer was first given (send it in If-Modified-Since)",
        "schema": {"type": "string"},
    },
}


def ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A 200 answer with its JSON schema and the conditional-request headers."""
    return {
        "description": description,
        "headers": _HEADERS,
        "content": {"application/json": {"schema": schema}},
    }


def read_responses(description: str, schema: dict[str, Any], *errors: int) -> dict[str, Any]:
    """The answers of a read endpoint: 200 (with validators), 304, and `errors`."""
    return {
        "200": ok(description, schema),
        "304": NOT_MODIFIED,
        **{str(status): ERROR for status in errors},
    }


def page_params(max_per_page: int, max_page: int = 100000) -> list[dict[str, Any]]:
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


PAGE_FIELDS = {
    "total": {"type": "integer", "minimum": 0},
    "page": {"type": "integer"},
    "per_page": {"type": "integer"},
    "pages": {"type": "integer", "minimum": 1, "description": "Pages there are"},
    "past_the_end": {
        "type": "boolean",
        "description": "The page asked for is after the last one: results is empty "
        "while total (and the facets) still count every match",
    },
}


def query_param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


TAX_CODE = path_param("tax_code", {"type": "string", "pattern": r"^\d{10}(-\d{3})?$"})

_PRODUCT = {
    "type": "object",
    "required": ["supplier_tax_code", "sku", "name", "category", "origin", "url"],
    "properties": {
        "supplier_tax_code": {"type": "string"},
        "sku": {"type": "string"},
        "name": {"type": "string"},
        "name_en": NULLABLE_STR,
        "category": {"type": "string"},
        "description": NULLABLE_STR,
        "description_en": NULLABLE_STR,
        "origin": {"type": "string", "description": "ISO 3166-1 alpha-2 country of manufacture"},
        "local_content_pct": PERCENT,
        "hs_code": NULLABLE_STR,
        "price_vnd": NULLABLE_INT,
        "specs": {"type": "object", "additionalProperties": {"type": "string"}},
        "certifications": {
            "type": "array",
            "items": {"type": "string"},
            "description": "As the supplier wrote them (the search facet groups editions)",
        },
        "photos": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string"},
    },
}
_PRODUCT_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/Product"},
        {
            "type": "object",
            "required": ["type", "supplier_name", "province", "verified", "supplier"],
            "properties": {
                "type": {"const": "product"},
                "category_name_vi": {"type": "string"},
                "category_name_en": {"type": "string"},
                "supplier_name": {"type": "string"},
                "province": {"type": "string"},
                "commune": NULLABLE_STR,
                "verified": {"type": "boolean"},
                "supplier": {"$ref": "#/components/schemas/SupplierSummary"},
            },
        },
    ]
}
_SUPPLIER = {
    "type": "object",
    "required": ["tax_code", "name", "province", "ownership", "verified", "url"],
    "properties": {
        "tax_code": {"type": "string"},
        "name": {"type": "string"},
        "name_en": NULLABLE_STR,
        "province": {"type": "string"},
        "commune": NULLABLE_STR,
        "address": NULLABLE_STR,
        "website": NULLABLE_STR,
        "email": NULLABLE_STR,
        "phone": NULLABLE_STR,
        "ownership": {"enum": ["domestic", "foreign", "joint_venture"]},
        "founded_year": NULLABLE_INT,
        "employees": NULLABLE_INT,
        "description": NULLABLE_STR,
        "description_en": NULLABLE_STR,
        "certifications": {"type": "array", "items": {"type": "string"}},
        "verified": {"type": "boolean"},
        "verification_state": {"type": "string"},
        "url": {"type": "string"},
    },
}

# What a product answer says of its supplier: the directory entry's identity and
# place, plus where to read the rest.
_SUPPLIER_SUMMARY = {
    "type": "object",
    "required": ["tax_code", "name", "province", "verified", "url"],
    "properties": {
        **{
            key: _SUPPLIER["properties"][key]  # type: ignore[index]
            for key in (
                "tax_code",
                "name",
                "name_en",
                "province",
                "commune",
                "ownership",
                "verified",
                "url",
            )
        },
        "api_url": {"type": "string"},
    },
}
_ERROR_SCHEMA = {
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
}
COMPONENTS = {
    "schemas": {
        "Error": _ERROR_SCHEMA,
        "Supplier": _SUPPLIER,
        "SupplierSummary": _SUPPLIER_SUMMARY,
        "Product": _PRODUCT,
        "ProductDetail": _PRODUCT_DETAIL,
    }
}
