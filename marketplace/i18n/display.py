"""Suppliers' own words on a page in the reader's language: specifications through the
dictionary (specs.py), names and descriptions from their English columns, prices or
"on request". On a Vietnamese page everything reads as before; on an English page what
has no English is shown as the supplier wrote it, marked lang="vi" so that screen
readers pronounce it as Vietnamese (and readers know why it is not English)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from flask_babel import gettext as _
from markupsafe import Markup, escape

from marketplace.i18n.specs import english_name, english_value
from marketplace.i18n.template_gettext import current_translations
from marketplace.main.templating import current_locale, format_vnd


class Spec(Protocol):
    key: str
    value: str


def _vietnamese(text: str) -> Markup:
    return Markup('<span lang="vi">{}</span>').format(text)


def spec_name(name: str, value: str | None = None) -> Markup:
    """A specification's name in the page's language (`{{ s.key|spec_name(s.value) }}`)."""
    if current_locale() != "en":
        return escape(name)
    english = english_name(name, value)
    return escape(english) if english is not None else _vietnamese(name)


def spec_value(value: str | None) -> Markup:
    """A specification's value in the page's language; empty for none."""
    if not value:
        return Markup("")
    if current_locale() != "en":
        return escape(value)
    english = english_value(value)
    return escape(english) if english is not None else _vietnamese(value)


def english_specs_text(specs: Iterable[Spec]) -> str | None:
    """`name: value; …` in English, or None when any of it has no English."""
    parts = []
    for spec in specs:
        name, value = english_name(spec.key, spec.value), english_value(spec.value)
        if name is None or value is None:
            return None
        parts.append(f"{name}: {value}")
    return "; ".join(parts) or None


def page_text(english: str | None, vietnamese: str | None, note: bool = False) -> Markup:
    """A name or description in the page's language: the English column on an English
    page, else the Vietnamese one marked as such (with "(in Vietnamese)" after it when
    `note`, for running text). Vietnamese pages fall back to the English column."""
    if current_locale() != "en":
        if vietnamese:
            return escape(vietnamese)
        return Markup('<span lang="en">{}</span>').format(english) if english else Markup("")
    if english:
        return escape(english)
    if not vietnamese:
        return Markup("")
    text = _vietnamese(vietnamese)
    if note:
        text += Markup(' <small class="text-body-secondary">{}</small>').format(
            _("(in Vietnamese)")
        )
    return text


def price(value: int | None) -> str:
    """An indicative price, or "on request" for a product that gives none."""
    # The catalogue as templates find it (once a request), not through Flask-Babel's
    # lookups: a results page asks for every product.
    return format_vnd(value) if value else current_translations().gettext("Price on request")


class Described(Protocol):
    description: str | None
    description_en: str | None
    specs: list  # type: ignore[type-arg]


def snippet_source(product: Described) -> tuple[str, str | None]:
    """The text a search result quotes and its language when it is not the page's: on
    an English page the English description, else the specifications in English, else
    the Vietnamese description."""
    if current_locale() != "en":
        return product.description or product.description_en or "", None
    if product.description_en:
        return product.description_en, None
    specs = english_specs_text(product.specs)
    if specs:
        return specs, None
    return product.description or "", "vi"


def vietnamese_words(text: str | None) -> Markup:
    """Words that stay Vietnamese on every page (place names, addresses), marked as
    such on an English page."""
    if not text:
        return Markup("")
    return _vietnamese(text) if current_locale() == "en" else escape(text)
