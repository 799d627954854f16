"""Product use cases: add, edit, withdraw and restore products; photos."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.categories.queries import list_category_codes
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.products import photos
from marketplace.products.fields import clean_product, parse_specs
from marketplace.products.models import MAX_PHOTOS, Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier

PRODUCT_ATTRS = (
    "sku",
    "name",
    "name_en",
    "category_code",
    "description",
    "description_en",
    "origin",
    "local_content_pct",
    "hs_code",
    "price_vnd",
    "certifications",
)


def get_product(session: Session, supplier: Supplier, sku: str) -> Product | None:
    return session.scalar(
        select(Product).where(Product.supplier_id == supplier.id, Product.sku == sku)
    )


def require_product(session: Session, supplier: Supplier, sku: str) -> Product:
    product = get_product(session, supplier, sku)
    if product is None:
        raise NotFound(_("No product %(sku)s from this supplier.", sku=sku))
    return product


def apply_product_values(product: Product, values: Mapping[str, object]) -> None:
    for attr in PRODUCT_ATTRS:
        if attr in values:
            setattr(product, attr, values[attr])
    if "specs" in values:
        wanted = parse_specs(str(values["specs"] or ""))
        current = [(s.key, s.value) for s in product.specs]
        if current != wanted:
            product.specs = [
                ProductSpec(key=k, value=v, position=i) for i, (k, v) in enumerate(wanted)
            ]


def save_product(
    session: Session,
    user: User,
    supplier: Supplier,
    raw: Mapping[str, str | None],
    product: Product | None = None,
) -> Product:
    """Create (product=None) or edit a product of `supplier`. Raises Forbidden,
    InvalidInput with per-field errors, Conflict when the SKU is already used."""
    permissions.require_edit_supplier(user, supplier)
    cleaned = clean_product(
        {**raw, "supplier_tax_code": supplier.tax_code}, list_category_codes(session)
    )
    if cleaned.errors:
        raise InvalidInput(_("Please correct the marked fields."), cleaned.errors)
    sku = str(cleaned.values["sku"])
    other = get_product(session, supplier, sku)
    if other is not None and other is not product:
        raise Conflict(_("You already have a product with code %(sku)s.", sku=sku))
    if product is None:
        product = Product(supplier=supplier, active=True)
        session.add(product)
    apply_product_values(product, cleaned.values)
    session.commit()
    return product


def set_product_active(session: Session, user: User, product: Product, active: bool) -> None:
    """Withdraw (active=False) or restore a product; withdrawn products are not public."""
    permissions.require_edit_supplier(user, product.supplier)
    product.active = active
    session.commit()


def add_photo(
    session: Session, user: User, product: Product, stream: BinaryIO, folder: Path, max_bytes: int
) -> ProductPhoto:
    """Attach a photo (at most MAX_PHOTOS). Raises Forbidden, InvalidInput."""
    permissions.require_edit_supplier(user, product.supplier)
    if len(product.photos) >= MAX_PHOTOS:
        raise InvalidInput(_("A product can have at most %(n)d photos.", n=MAX_PHOTOS))
    try:
        stored = photos.store_photo(stream, folder, max_bytes)
    except photos.PhotoError as exc:
        raise InvalidInput(str(exc), {"photo": str(exc)}) from None
    photo = ProductPhoto(
        filename=stored.filename,
        thumb_filename=stored.thumb_filename,
        width=stored.width,
        height=stored.height,
        position=max((p.position for p in product.photos), default=-1) + 1,
    )
    product.photos.append(photo)
    try:
        session.commit()
    except Exception:
        photos.delete_files(folder, stored.filename, stored.thumb_filename)
        raise
    return photo


def delete_photo(session: Session, user: User, photo: ProductPhoto, folder: Path) -> None:
    permissions.require_edit_supplier(user, photo.product.supplier)
    names = (photo.filename, photo.thumb_filename)
    session.delete(photo)
    session.commit()
    # Files go only after the row is gone, so a failed commit never leaves a broken row.
    photos.delete_files(folder, *names)
