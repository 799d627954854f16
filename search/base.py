"""Documents, queries and results behind one backend interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


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
    local_content: int | None = None
    price: int | None = None
    verified: bool = False
    certifications: list[str] = field(default_factory=list)
    created: int = 0  # epoch seconds


@dataclass
class Query:
    text: str = ""
    category: str | None = None  # top-level or subcategory code
    province: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    id: str
    score: float


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None


class SearchBackend(Protocol):
    def index(self, docs: list[Document]) -> None: ...
    def delete(self, ids: list[str]) -> None: ...
    def rebuild(self, docs: list[Document]) -> None: ...
    def search(self, query: Query) -> Results: ...
    def all_ids(self) -> set[str]: ...
    def close(self) -> None: ...


def open_backend(url: str) -> SearchBackend:
    """`whoosh:///path` (embedded default) or a PostgreSQL URL."""
    if url.startswith("whoosh://"):
        from search.whoosh_backend import WhooshBackend

        return WhooshBackend(url.removeprefix("whoosh://"))
    raise ValueError(f"unsupported SEARCH_URL {url!r}: use whoosh:///path")
