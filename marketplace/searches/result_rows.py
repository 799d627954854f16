"""What a search result card shows of a product, read in one statement of plain
columns: the product, its supplier, its category's two names and its first photo's
thumbnail. The page lists two dozen products, and loading them as ORM objects (with
supplier and category joined, photos in a second statement) cost more than all the
rest of the page's database work; rows of columns cost a third of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from marketplace.bilingual import BilingualMixin
from marketplace.categories.models import Category
from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier, VerificationState


@dataclass(frozen=True, slots=True)
class ResultSupplier:
    """The supplier as its line on a card shows it (name, place, verified badge)."""

    id: int
    tax_code: str
    name: str
    name_en: str | None
    province: str
    commune: str | None
    state: VerificationState
    verified_at: datetime | None

    @property
    def verified(self) -> bool:
        return self.state == VerificationState.VERIFIED

    @classmethod
    def of(cls, s: Supplier) -> ResultSupplier:
        return cls(
            s.id, s.tax_code, s.name, s.name_en, s.province, s.commune, s.state, s.verified_at
        )


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    value: str


@dataclass(slots=True)
class ResultProduct(BilingualMixin):
    """A product as its card shows it; reads like a Product where the card's
    templates and helpers read one (display_name, made_in_vietnam, specs_text)."""

    id: int
    sku: str
    name: str
    name_en: str | None
    description: str | None
    description_en: str | None
    origin: str
    local_content_pct: Decimal | None
    price_vnd: int | None
    category_vi: str
    category_en: str
    supplier: ResultSupplier
    thumb: str | None  # the first photo's thumbnail file
    # Filled only for the cards that quote them (load_snippet_specs).
    specs: list[Spec] = field(default_factory=list)

    @property
    def made_in_vietnam(self) -> bool:
        return self.origin == "VN"

    @property
    def specs_text(self) -> str:
        """As Product.specs_text: `key: value; key: value`."""
        return "; ".join(f"{s.key}: {s.value}" for s in self.specs)

    def category_name(self, locale: str) -> str:
        """As Category.name."""
        return self.category_en if locale == "en" else self.category_vi

    @classmethod
    def of(cls, product: Product) -> ResultProduct:
        """The card of a product already loaded (with supplier, category, photos and
        specifications), as the database fallback search loads them."""
        return cls(
            id=product.id,
            sku=product.sku,
            name=product.name,
            name_en=product.name_en,
            description=product.description,
            description_en=product.description_en,
            origin=product.origin,
            local_content_pct=product.local_content_pct,
            price_vnd=product.price_vnd,
            category_vi=product.category.name_vi,
            category_en=product.category.name_en,
            supplier=ResultSupplier.of(product.supplier),
            thumb=product.photos[0].thumb_filename if product.photos else None,
            specs=[Spec(x.key, x.value) for x in product.specs],
        )


# The first photo as Product.photos orders them (by position).
_THUMB = (
    select(ProductPhoto.thumb_filename)
    .where(ProductPhoto.product_id == Product.id)
    .order_by(ProductPhoto.position, ProductPhoto.id)
    .limit(1)
    .scalar_subquery()
)
# What a card shows of a supplier, in ResultSupplier's order.
_SUPPLIER_COLUMNS = (
    Supplier.id,
    Supplier.tax_code,
    Supplier.name,
    Supplier.name_en,
    Supplier.province,
    Supplier.commune,
    Supplier.state,
    Supplier.verified_at,
)
# Built once per process (see products.queries.RESULT_PRODUCTS); `ids` bound at
# execution.
_CARDS = (
    select(
        Product.id,
        Product.sku,
        Product.name,
        Product.name_en,
        Product.description,
        Product.description_en,
        Product.origin,
        Product.local_content_pct,
        Product.price_vnd,
        Category.name_vi,
        Category.name_en,
        *_SUPPLIER_COLUMNS,
        _THUMB,
    )
    .join(Supplier, Supplier.id == Product.supplier_id)
    .join(Category, Category.code == Product.category_code)
    .where(Product.id.in_(bindparam("ids", expanding=True)))
)
_SUPPLIERS = select(*_SUPPLIER_COLUMNS).where(Supplier.id.in_(bindparam("ids", expanding=True)))
_SPECS = (
    select(ProductSpec.product_id, ProductSpec.key, ProductSpec.value)
    .where(ProductSpec.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(ProductSpec.product_id, ProductSpec.position)
)


def _rows(session: Session) -> Connection:
    """The session's connection (its transaction): these statements select columns,
    not objects, and the ORM's execution path (a flush, entity compilation) cost
    them more than the database did. Nothing is written while a page reads."""
    return session.connection()


def load_result_products(session: Session, ids: list[int], locale: str) -> dict[int, ResultProduct]:
    """The cards of the products `ids` (those still in the database), by id, with
    the specifications of those whose card quotes them on a page in `locale`."""
    if not ids:
        return {}
    found: dict[int, ResultProduct] = {}
    for r in _rows(session).execute(_CARDS, {"ids": ids}):
        (pid, sku, name, name_en, desc, desc_en, origin, lc, price, cat_vi, cat_en) = r[:11]
        supplier = ResultSupplier(*r[11:19])
        found[pid] = ResultProduct(
            pid, sku, name, name_en, desc, desc_en, origin, lc, price, cat_vi, cat_en,
            supplier, r[19],
        )  # fmt: skip
    load_snippet_specs(session, list(found.values()), locale)
    return found


def load_snippet_specs(session: Session, products: list[ResultProduct], locale: str) -> None:
    """The specifications of the cards that quote them (as products.queries'
    load_snippet_specs chooses: no description in the page's language), in one
    statement."""
    if locale == "en":
        quoting = {p.id: p for p in products if not p.description_en}
    else:
        quoting = {p.id: p for p in products if not (p.description or p.description_en)}
    if not quoting:
        return
    for product_id, key, value in _rows(session).execute(_SPECS, {"ids": list(quoting)}):
        quoting[product_id].specs.append(Spec(key, value))


def load_result_suppliers(session: Session, ids: list[int]) -> dict[int, ResultSupplier]:
    """The suppliers `ids` (those still in the database) as their cards show them
    (the results page's supplier strip), by id."""
    if not ids:
        return {}
    return {r[0]: ResultSupplier(*r) for r in _rows(session).execute(_SUPPLIERS, {"ids": ids})}
