"""The column layouts of the import files and the example row each template
carries, registered by each kind's fields module when it is imported (every
importer imports its fields), so this module needs none of them.

- A file given where another kind belongs is named for what it is: "a products
  file in the suppliers field" helps where "unknown columns sku, category, ..."
  leaves the user to work it out.
- The template's example row is left out of an import (with a warning): a user who
  adds their rows below it must not register the example company.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    label: Callable[[], str]  # "a products file", in the reader's language
    field: Callable[[], str]  # the upload field it belongs in: "Products file"
    columns: tuple[str, ...]
    required: frozenset[str]
    example: Mapping[str, str]  # the template's example row
    # The example's columns that tell it apart (a name with its code): a row equal
    # to the example in these is the example, whatever else was changed.
    identity: tuple[str, ...]


_LAYOUTS: dict[str, Layout] = {}


def register(kind: str, layout: Layout) -> None:
    _LAYOUTS[kind] = layout


def recognise(header: Sequence[str], allowed: Sequence[str]) -> Layout | None:
    """The other kind of file whose layout `header` is (every required column there,
    none unknown to it), when it is not the layout of `allowed`."""
    columns = set(header)
    for layout in _LAYOUTS.values():
        if set(layout.columns) != set(allowed) and layout.required <= columns <= set(
            layout.columns
        ):
            return layout
    return None


def example_test(header: Sequence[str], allowed: Sequence[str]) -> Callable[[list[str]], bool]:
    """A test of a row's values (in `header` order) for the example row of the
    template whose layout `allowed` is; never true when the header lacks one of the
    example's identifying columns."""
    for layout in _LAYOUTS.values():
        if set(layout.columns) == set(allowed) and set(layout.identity) <= set(header):
            (i, w), *rest = [(header.index(c), layout.example[c]) for c in layout.identity]
            # The first cell alone rules out every other row, at one comparison a row.
            return lambda v: v[i].strip() == w and all(v[j].strip() == x for j, x in rest)
    return lambda values: False
