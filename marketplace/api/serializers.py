"""Public JSON shapes: fields under the import column names of interfaces.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import url_for

from marketplace.products.models import Product
from marketplace.suppliers.fields import SUPPLIER_COLUMNS
from marketplace.suppliers.models import Supplier


def supplier_json(supplier: Supplier) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for col in SUPPLIER_COLUMNS:
        value = getattr(supplier, col)
        data[col] = getattr(value, "value", value)
    data["certifications"] = supplier.certification_list
    data["verified"] = supplier.verified
    data["verification_state"] = supplier.state.value
    data["url"] = url_for("suppliers.detail", tax_code=supplier.tax_code, _external=True)
    return data


def _number(value: Decimal | None) -> float | None:
    """A percentage as a JSON number (Flask writes a Decimal as a string)."""
    return None if value is None else float(value)


def supplier_summary_json(supplier: Supplier) -> dict[str, Any]:
    """Who makes a product: enough to tell two companies of one name apart (the tax
    code) and to fetch the full profile (`url`, /api/v1/suppliers/<tax_code>)."""
    return {
        "tax_code": supplier.tax_code,
        "name": supplier.name,
        "name_en": supplier.name_en,
        "province": supplier.province,
        "commune": supplier.commune,
        "ownership": supplier.ownership.value,
        "verified": supplier.verified,
        "url": url_for("suppliers.detail", tax_code=supplier.tax_code, _external=True),
        "api_url": url_for("api.supplier", tax_code=supplier.tax_code, _external=True),
    }


def product_detail_json(product: Product) -> dict[str, Any]:
    """One product for buyers' systems: its import columns, what a search result
    says of it, and its supplier."""
    s = product.supplier
    return {
        "type": "product",
        **product_json(product),
        "category_name_vi": product.category.name_vi,
        "category_name_en": product.category.name_en,
        "supplier_name": s.name,
        "province": s.province,
        "commune": s.commune,
        "verified": s.verified,
        "supplier": supplier_summary_json(s),
    }


def product_json(product: Product) -> dict[str, Any]:
    return {
        "supplier_tax_code": product.supplier.tax_code,
        "sku": product.sku,
        "name": product.name,
        "name_en": product.name_en,
        "category": product.category_code,
        "description": product.description,
        "description_en": product.description_en,
        "origin": product.origin,
        "local_content_pct": _number(product.local_content_pct),
        "hs_code": product.hs_code,
        "price_vnd": product.price_vnd,
        "specs": {s.key: s.value for s in product.specs},
        "certifications": product.certification_list,
        "photos": [
            url_for("products.upload", filename=p.filename, _external=True) for p in product.photos
        ],
        "url": url_for(
            "products.detail", tax_code=product.supplier.tax_code, sku=product.sku, _external=True
        ),
    }


def search_result_json(product: Product, score: float) -> dict[str, Any]:
    return {
        "type": "product",
        "supplier_tax_code": product.supplier.tax_code,
        "sku": product.sku,
        "name": product.name,
        "name_en": product.name_en,
        "supplier_name": product.supplier.name,
        "category": product.category_code,
        "province": product.supplier.province,
        "commune": product.supplier.commune,
        "origin": product.origin,
        "local_content_pct": _number(product.local_content_pct),
        "price_vnd": product.price_vnd,
        "verified": product.supplier.verified,
        "score": round(score, 4),
        "url": url_for(
            "products.detail", tax_code=product.supplier.tax_code, sku=product.sku, _external=True
        ),
    }


def supplier_search_result_json(supplier: Supplier, score: float, category: str) -> dict[str, Any]:
    """A supplier among search results: the fields a product result has, where they
    apply (`sku` is null, `category` the one it lists most products in)."""
    return {
        "type": "supplier",
        "supplier_tax_code": supplier.tax_code,
        "tax_code": supplier.tax_code,  # two companies may share a name, never a tax code
        "sku": None,
        "name": supplier.name,
        "name_en": supplier.name_en,
        "supplier_name": supplier.name,
        "category": category,
        "province": supplier.province,
        "commune": supplier.commune,
        "verified": supplier.verified,
        "score": round(score, 4),
        "url": url_for("suppliers.detail", tax_code=supplier.tax_code, _external=True),
    }
