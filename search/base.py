"""Documents, queries and results behind one backend interface."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Protocol, TypeVar

T = TypeVar("T")
# Ids and rows go to a database in lists of at most this many: drivers cap one
# statement's parameters (65,535 for PostgreSQL), and a huge statement holds its
# locks for long.
CHUNK = 5000


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`items` in consecutive lists of at most `size`."""
    it = iter(items)
    while part := list(islice(it, size)):
        yield part


@dataclass
class Document:
    """One searchable product or supplier, flattened by the application."""

    id: str  # "product:12" / "supplier:3"
    type: str  # "product" | "supplier"
    supplier_tax_code: str
    sku: str | None
    name: str
    name_en: str = ""
    category: str = ""  # code as stored (may be a subcategory)
    top_category: str = ""
    category_text: str = ""  # category names, vi and en
    specs: str = ""
    description: str = ""
    description_en: str = ""
    supplier_text: str = ""  # supplier name, province, commune
    province: str = ""
    commune: str = ""
    origin: str = ""
    local_content: float | None = None  # percent, up to two decimals
    price: int | None = None
    verified: bool = False
    certifications: list[str] = field(default_factory=list)
    created: int = 0  # epoch seconds
    # Identifiers buyers copy from a page: the supplier's registered names (a
    # supplier document's own) and the product's 8-digit HS code.
    supplier_name: str = ""
    supplier_name_en: str = ""
    hs_code: str = ""


SORTS = ("relevance", "local_content", "price", "newest")
# Facet fields a query can filter on (one value each); `category` accepts a top-level
# or a subcategory code.
FILTERS = ("category", "province", "commune", "made_in", "lc_band", "cert", "verified")


@dataclass
class Query:
    text: str = ""
    category: str | None = None  # top-level or subcategory code
    province: str | None = None
    filters: dict[str, str] = field(default_factory=dict)  # further facet filters
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    # With a text query and relevance order, at most this many products of one
    # supplier in a row of `per_page`: later ones move down (see ranking.diversify).
    per_supplier: int = 3
    type: str = "product"  # which documents: "product" or "supplier"

    def all_filters(self) -> dict[str, str]:
        out = {k: v for k, v in self.filters.items() if v}
        out["type"] = self.type
        if self.category:
            out["category"] = self.category.upper()
        if self.province:
            out["province"] = self.province
        return out

    def cache_key(self) -> tuple[object, ...]:
        """Everything that decides the answer, for a backend's answer cache."""
        return (
            self.text,
            tuple(sorted(self.all_filters().items())),
            self.sort,
            self.page,
            self.per_page,
            self.per_supplier,
        )


@dataclass
class Hit:
    id: str
    score: float
    supplier: str = ""  # tax code
    name: str = ""


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    corrected: str | None = None  # the query actually run when the typed one found little
    # Words typed that did not decide what matched (purchase wording, words found
    # nowhere), as typed, so the page can say so.
    ignored: list[str] = field(default_factory=list)

    def copy(self) -> Results:
        """A copy a caller may change (reorder hits, drop facet values) without
        touching a cached answer."""
        return replace(
            self,
            hits=list(self.hits),
            facets={k: dict(v) for k, v in self.facets.items()},
            ignored=list(self.ignored),
        )


class IndexUnavailable(RuntimeError):
    """The index cannot be read (deleted, corrupt); rebuild it from the database."""


@dataclass
class Drift:
    """How an index differs from the documents the database gives (see `verify`)."""

    missing: set[str] = field(default_factory=set)  # ids not in the index
    extra: set[str] = field(default_factory=set)  # ids in the index only
    stale: set[str] = field(default_factory=set)  # held with other content
    # Stored statistics (document counts, lengths, vocabulary, change triggers)
    # that differ from what the documents give, one line each.
    statistics: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.statistics)


class SearchBackend(Protocol):
    def index(self, docs: list[Document]) -> None: ...
    def delete(self, ids: list[str]) -> None: ...
    def rebuild(self, docs: Iterable[Document], idle: Callable[[], None] | None = None) -> None:
        """Replace every document by `docs`; searches are answered from the old
        documents until the new ones are complete, and `index`/`delete` may be called
        meanwhile (from `idle()`, which runs every fraction of a second) — such
        writes must be made again after the rebuild."""
        ...

    def verify(self, docs: Iterable[Document]) -> Drift:
        """Compare the index with `docs` (every document it should hold), content
        and statistics; `docs` may be a stream."""
        ...

    def repair_statistics(self) -> None:
        """Recompute stored statistics from the stored documents."""
        ...

    def search(self, query: Query) -> Results: ...
    def all_ids(self) -> set[str]: ...
    def complete(self, prefix: str, limit: int = 3) -> list[str]: ...
    def suggest(self, prefix: str, limit: int = 8) -> list[str]: ...
    def close(self) -> None: ...
