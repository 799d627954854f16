"""`url_for` in templates, remembered: a results page links every product, its
supplier, its photo and its buttons (some hundred links), and Flask builds each
through the URL map again. A link depends only on the endpoint, its arguments and
how the request reached the site (script root, host, scheme), which are all in
the key, so a remembered link is the one `url_for` would build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask.globals import _cv_request

# Links kept per process; the table is emptied when full (a catalogue's links fit).
MAX_LINKS = 20_000
_PLAIN = (str, int)


def init_app(app: Flask) -> None:
    build = app.url_for
    links: dict[tuple[Any, ...], str] = {}

    def url_for(endpoint: str, /, **values: Any) -> str:
        # Relative endpoints, `_external`/`_anchor`/`_method`/`_scheme`, other
        # argument types and apps with URL defaults are built as always. The
        # request context is read directly (not through the `request_ctx` proxy):
        # a results page asks some seventy times.
        ctx = _cv_request.get(None)
        if ctx is None or endpoint[:1] == "." or app.url_default_functions:
            return build(endpoint, **values)
        adapter = ctx.url_adapter
        if adapter is None:
            return build(endpoint, **values)
        for name, value in values.items():
            if name[:1] == "_" or value.__class__ not in _PLAIN:
                return build(endpoint, **values)
        # A str never equals an int, so (name, value) pairs tell 1 from "1".
        key = (
            endpoint,
            adapter.server_name,
            adapter.script_name,
            adapter.subdomain,
            adapter.url_scheme,
            *values.items(),
        )
        link = links.get(key)
        if link is None:
            link = build(endpoint, **values)
            if len(links) >= MAX_LINKS:
                links.clear()
            links[key] = link
        return link

    app.jinja_env.globals["url_for"] = url_for
    app.extensions["links"] = url_for


def links() -> Callable[..., str]:
    """`url_for` as templates have it (remembered), for code that prepares a page."""
    return current_app.extensions["links"]  # type: ignore[no-any-return]
