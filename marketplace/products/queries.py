"""Reads for product pages and the API."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, bindparam, func, literal, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.categories.models import Category
from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier, VerificationState

SPEC_ROWS: Table = ProductSpec.__table__  # type: ignore[assignment]
PUBLIC_STATES = (VerificationState.PENDING, VerificationState.VERIFIED)
SORTS = {
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "name": (Product.name, Product.id),
    "price": (Product.price_vnd.is_(None), Product.price_vnd, Product.id),
    "local_content": (
        Product.local_content_pct.is_(None),
        Product.local_content_pct.desc(),
        Product.id,
    ),
}


def select_public_products(
    category: str | None = None,
    supplier_id: int | None = None,
    sort: str = "newest",
    include_withdrawn: bool = False,
    any_supplier_state: bool = False,
) -> Select[Any]:
    """Active products of public suppliers, with supplier, category and photos loaded.
    `any_supplier_state` also lists those of a hidden (rejected, suspended) supplier:
    for its own staff."""
    stmt = (
        select(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category),
            selectinload(Product.photos),
            selectinload(Product.specs),
        )
    )
    if not any_supplier_state:
        stmt = stmt.where(Supplier.state.in_(PUBLIC_STATES))
    if not include_withdrawn:
        stmt = stmt.where(Product.active.is_(True))
    if supplier_id is not None:
        stmt = stmt.where(Product.supplier_id == supplier_id)
    if category:
        stmt = stmt.join(Category, Category.code == Product.category_code).where(
            (Category.code == category) | (Category.parent_code == category)
        )
    return stmt.order_by(*SORTS.get(sort, SORTS["newest"]))


# Built once per process: SQLAlchemy memoises a statement's cache key on the object, so
# the page does not rebuild the statement and its loader options on every request.
# The category's parent is joined too: the breadcrumb shows it (no lazy load).
_PRODUCT_PAGE = (
    select(Product)
    .join(Supplier, Supplier.id == Product.supplier_id)
    .where(Supplier.tax_code == bindparam("tax_code"), Product.sku == bindparam("sku"))
    .options(
        joinedload(Product.supplier),
        joinedload(Product.category).joinedload(Category.parent),
    )
)


def get_product_page(session: Session, tax_code: str, sku: str) -> Product | None:
    """The product with what its page shows, whatever its state or its supplier's: the
    caller checks permissions.can_view_product."""
    product = session.scalar(_PRODUCT_PAGE, {"tax_code": tax_code, "sku": sku})
    if product is not None:
        load_photos(session, [product])
        load_specs(session, [product])
    return product


# Photos and specifications of many products, each in one prebuilt statement: what
# selectinload does, without building its statement again on every request.
_PHOTOS_OF = (
    select(ProductPhoto)
    .where(ProductPhoto.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(ProductPhoto.product_id, ProductPhoto.position)
)
_SPECS_OF = (
    select(ProductSpec)
    .where(ProductSpec.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(ProductSpec.product_id, ProductSpec.position)
)


def _load_collection(
    session: Session, products: list[Product], name: str, stmt: Select[Any]
) -> None:
    found: dict[int, list[Any]] = {p.id: [] for p in products}
    if not found:
        return
    for row in session.scalars(stmt, {"ids": list(found)}):
        found[row.product_id].append(row)
    for product in products:
        set_committed_value(product, name, found[product.id])


def load_photos(session: Session, products: list[Product]) -> None:
    """Fill `products`' photos (in their order) with one statement."""
    _load_collection(session, products, "photos", _PHOTOS_OF)


def load_specs(session: Session, products: list[Product]) -> None:
    """Fill `products`' specifications (in their order) with one statement."""
    _load_collection(session, products, "specs", _SPECS_OF)


# Search results: the hits' products with what a result shows (supplier, category,
# cover photo: load_photos), `ids` bound at execution; built once (see _PRODUCT_PAGE).
RESULT_PRODUCTS = (
    select(Product)
    .where(Product.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Product.supplier), joinedload(Product.category))
)


def get_public_product(session: Session, tax_code: str, sku: str) -> Product | None:
    """A product the public may see (listed, of a publicly listed supplier), by its
    supplier's tax code and its SKU (matched without regard to case, as imports
    match it), with what the API gives of it loaded; None otherwise."""
    stmt = (
        select(Product)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            Supplier.tax_code == tax_code,
            func.lower(Product.sku) == sku.lower(),
            Supplier.state.in_(PUBLIC_STATES),
            Product.active.is_(True),
        )
        .options(
            joinedload(Product.supplier),
            joinedload(Product.category),
            selectinload(Product.photos),
            selectinload(Product.specs),
        )
    )
    return session.scalar(stmt)


def load_snippet_specs(session: Session, products: list[Product], locale: str = "en") -> None:
    """A result quotes its specifications when it has no description in the page's
    language (i18n.display.snippet_source: on an English page, no English one; on a
    Vietnamese page, no description at all): load those of all such products in one
    statement, not one lazy load per result."""
    if locale == "en":
        load_specs(session, [p for p in products if not p.description_en])
    else:
        load_specs(session, [p for p in products if not (p.description or p.description_en)])


def specs_texts(session: Session, condition: ColumnElement[bool]) -> dict[int, str]:
    """Product id -> its specifications as `key: value; key: value` in position order
    (as Product.specs_text), for the spec rows meeting `condition` (on
    ProductSpec.__table__'s columns)."""
    c = SPEC_ROWS.c
    # Core, not ORM, columns: the ORM's row loading cost 0.4 s a 100,000 products.
    stmt = select(c.product_id, c.key + literal(": ") + c.value).where(condition)
    rows = session.connection().execute(stmt.order_by(c.product_id, c.position, c.id)).tuples()
    return {
        pid: "; ".join([text for _pid, text in group])
        for pid, group in groupby(rows, key=itemgetter(0))
    }
