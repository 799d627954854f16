"""How each kind of notice reads. A feature registers its kinds at start-up
(`register` in its init_app); the words are produced when the notice is shown or
mailed, inside the reader's locale."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Render = Callable[[Mapping[str, Any]], str]

_KINDS: dict[str, Render] = {}


def register(kind: str, render: Render) -> None:
    _KINDS[kind] = render


def render(kind: str, params: Mapping[str, Any]) -> str:
    """The notice's text in the current locale; an unknown kind (a feature removed
    since) shows its name rather than failing the page."""
    fn = _KINDS.get(kind)
    if fn is None:
        return kind
    try:
        return fn(params)
    except KeyError:  # parameters of an older version of the kind
        return kind
