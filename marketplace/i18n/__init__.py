"""The page's language beyond our own strings: the form library's messages, stored enum
values and country codes, all shown in the language Flask-Babel selected."""

from __future__ import annotations

from flask import Flask

from marketplace.i18n.countries import country_name
from marketplace.i18n.labels import label


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["country"] = country_name
