"""Product use cases: add, edit, withdraw, restore and delete products; photos and
their order (the first is the cover)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit.services import act_as, record
from marketplace.categories.queries import list_category_codes
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.products import photos
from marketplace.products.fields import clean_product, parse_specs
from marketplace.products.models import (
    MAX_PHOTOS,
    Product,
    ProductOldSku,
    ProductPhoto,
    ProductSpec,
)
from marketplace.products.publication import is_published
from marketplace.share.models import SupplyRecord
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
            # Its own columns may be as they were: the stamp still says it changed
            # (an import batch that created it then refuses to revert it).
            product.updated_at = utcnow()


def save_product(
    session: Session,
    user: User,
    supplier: Supplier,
    raw: Mapping[str, str | None],
    product: Product | None = None,
    listed: bool = True,
) -> Product:
    """Create (product=None) or edit a product of `supplier`; a new product is listed
    at once unless `listed` is false (a draft, not public until listed). A changed SKU
    keeps the old one, whose URL then redirects. Raises Forbidden, InvalidInput with
    per-field errors, Conflict when the SKU is already used."""
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
        product = Product(supplier=supplier, active=listed)
        session.add(product)
    elif product.sku.lower() != sku.lower():
        _keep_old_sku(session, product)
    apply_product_values(product, cleaned.values)
    # The SKU belongs to a live product now: an old URL of it no longer redirects.
    session.execute(
        delete(ProductOldSku).where(
            ProductOldSku.supplier_id == supplier.id, ProductOldSku.sku == sku.lower()
        )
    )
    session.commit()
    return product


def _keep_old_sku(session: Session, product: Product) -> None:
    """Remember the product's current SKU (lower case); the latest owner wins."""
    old = product.sku.lower()
    kept = session.scalar(
        select(ProductOldSku).where(
            ProductOldSku.supplier_id == product.supplier_id, ProductOldSku.sku == old
        )
    )
    if kept is None:
        session.add(ProductOldSku(supplier_id=product.supplier_id, sku=old, product_id=product.id))
    else:
        kept.product_id = product.id


def get_renamed_product(session: Session, supplier: Supplier, sku: str) -> Product | None:
    """The product that had `sku` before, when no product has it now."""
    stmt = (
        select(Product)
        .join(ProductOldSku, ProductOldSku.product_id == Product.id)
        .where(ProductOldSku.supplier_id == supplier.id, ProductOldSku.sku == sku.lower())
    )
    return session.scalar(stmt)


def deletion_refusal(session: Session, product: Product) -> str | None:
    """Why this product cannot be deleted, or None. Only a product never published
    (see publication.py) that no supply record names can go."""
    if is_published(product):
        return _(
            "This product has been published, so it cannot be deleted: buyers may have "
            "seen it. You can withdraw it instead."
        )
    if session.scalar(select(exists().where(SupplyRecord.product_id == product.id))):
        return _("Supply records refer to this product, so it cannot be deleted.")
    return None


def delete_product(session: Session, user: User, product: Product, folder: Path) -> None:
    """Delete a never-published product with its photos and specifications; audited.
    Raises Forbidden, Conflict (published, or named by supply records)."""
    permissions.require_edit_supplier(user, product.supplier)
    refusal = deletion_refusal(session, product)
    if refusal:
        raise Conflict(refusal)
    names = [n for p in product.photos for n in (p.filename, p.thumb_filename)]
    act_as(session, user)  # the audit records the deleted row, its specs and photos
    session.delete(product)
    session.commit()
    photos.delete_files(folder, *names)


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


def _photo_order(product: Product) -> list[int]:
    return [p.id for p in product.photos]


def _reorder(
    session: Session, user: User, photo: ProductPhoto, new_index: int, action: str
) -> None:
    product = photo.product
    permissions.require_edit_supplier(user, product.supplier)
    ordered = list(product.photos)
    before = _photo_order(product)
    ordered.remove(photo)
    ordered.insert(max(0, min(new_index, len(ordered))), photo)
    for i, p in enumerate(ordered):
        p.position = i
    after = [p.id for p in ordered]
    if after != before:
        record(session, user, "product", product.id, action, {"photos": before}, {"photos": after})
    session.commit()
    session.expire(product, ["photos"])


def move_photo(session: Session, user: User, photo: ProductPhoto, offset: int) -> None:
    """Move a photo `offset` places (-1: earlier, 1: later); audited. Raises Forbidden."""
    index = _photo_order(photo.product).index(photo.id)
    _reorder(session, user, photo, index + offset, "photos_reordered")


def make_cover(session: Session, user: User, photo: ProductPhoto) -> None:
    """Make a photo the cover (first: search results and cards show it); audited."""
    _reorder(session, user, photo, 0, "cover_chosen")


def delete_photo(session: Session, user: User, photo: ProductPhoto, folder: Path) -> None:
    permissions.require_edit_supplier(user, photo.product.supplier)
    names = (photo.filename, photo.thumb_filename)
    session.delete(photo)
    session.commit()
    # Files go only after the row is gone, so a failed commit never leaves a broken row.
    photos.delete_files(folder, *names)
