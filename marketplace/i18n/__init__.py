"""The page's language beyond our own strings: the form library's messages, stored enum
values, country codes and the suppliers' own words (specifications, names, descriptions,
prices), all shown in the language Flask-Babel selected."""

from __future__ import annotations

from flask import Flask, Response, g

from marketplace.i18n import display, template_gettext
from marketplace.i18n.countries import country_name
from marketplace.i18n.labels import label


def vary(response: Response) -> Response:
    """A page whose language came from the session or Accept-Language (not ?lang=)
    says so, so that no shared cache serves one visitor's language to another."""
    if g.get("locale_negotiated"):
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    app.after_request(vary)
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["country"] = country_name
    app.jinja_env.filters["spec_name"] = display.spec_name
    app.jinja_env.filters["spec_value"] = display.spec_value
    app.jinja_env.filters["price"] = display.price
    app.jinja_env.filters["vi_words"] = display.vietnamese_words
    app.jinja_env.globals["page_text"] = display.page_text
    app.jinja_env.globals["snippet_source"] = display.snippet_source
    template_gettext.init_app(app)
