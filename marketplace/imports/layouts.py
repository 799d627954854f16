"""The column layouts of the import files, so that a file given where another kind
belongs is named for what it is: "a products file in the suppliers field" helps
where "unknown columns sku, category, ..." leaves the user to work it out.

Each kind's fields module registers its layout when it is imported (every
importer imports its fields), so this module needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Kind -> (its name in the reader's language, its columns, its required columns).
_LAYOUTS: dict[str, tuple[Callable[[], str], frozenset[str], frozenset[str]]] = {}


def register(
    kind: str, label: Callable[[], str], columns: Sequence[str], required: Sequence[str]
) -> None:
    _LAYOUTS[kind] = (label, frozenset(columns), frozenset(required))


def recognise(header: Sequence[str], allowed: Sequence[str]) -> str | None:
    """The name of the other kind of file whose layout `header` is (every required
    column there, none unknown to it), when it is not the layout of `allowed`."""
    columns = set(header)
    for label, known, required in _LAYOUTS.values():
        if known != set(allowed) and required <= columns <= known:
            return label()
    return None
