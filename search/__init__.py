"""The search engine layer: no Flask and no marketplace imports.

`open_backend(url)` picks a backend by the URL's scheme. Each backend module
registers its schemes when imported; the built-in ones are imported on first use,
so the contract (search.base) and the shared analysis never import a backend, and
opening one backend never loads the other's engine or driver."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.base import SearchBackend

Factory = Callable[[str], "SearchBackend"]
_FACTORIES: dict[str, Factory] = {}
# Scheme -> the module that registers it (imported when a URL first names it).
_BUILT_IN = {
    "whoosh": "search.whoosh_backend",
    "postgresql": "search.postgres_backend",
    "postgresql+psycopg": "search.postgres_backend",
    "postgres": "search.postgres_backend",
}


def register(schemes: Iterable[str], factory: Factory) -> None:
    """Open URLs of these schemes (`scheme://...`) with `factory(url)`."""
    for scheme in schemes:
        _FACTORIES[scheme] = factory


def open_backend(url: str) -> SearchBackend:
    """`whoosh:///path` (embedded default) or a PostgreSQL URL."""
    scheme, sep, _ = url.partition("://")
    if sep and scheme not in _FACTORIES and scheme in _BUILT_IN:
        importlib.import_module(_BUILT_IN[scheme])
    factory = _FACTORIES.get(scheme) if sep else None
    if factory is None:
        raise ValueError(
            f"unsupported SEARCH_URL {url!r}: use whoosh:///path or postgresql+psycopg://..."
        )
    return factory(url)
