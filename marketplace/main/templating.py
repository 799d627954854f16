"""Template globals and filters: locale, formatting of money and percentages."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import format_decimal, get_locale

from search.highlight import snippet


def current_locale() -> str:
    return str(get_locale() or "vi")


def format_vnd(value: int | None) -> str:
    if value is None:
        return ""
    return f"{format_decimal(value)} ₫"


def url_with(**changes: object) -> str:
    """The current URL with some query arguments changed (pagination, sorting)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return url_for(request.endpoint or "main.home", **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["snippet"] = snippet
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.globals.update(current_locale=current_locale, url_with=url_with)
