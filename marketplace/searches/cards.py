"""The search results page's two long lists, products and filter values, worked out
in Python for the template to write out: a page shows two dozen products and up to
a hundred filter values, and every call a template makes (a link, a name in the
page's language, a snippet, a macro) costs several times what it costs here. The
values are those the template computed itself before, so the page is unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from jinja2.environment import TemplateModule
from markupsafe import Markup, escape

from marketplace.buyers import toggles
from marketplace.buyers.toggles import ProductActions
from marketplace.i18n.display import page_text, price, snippet_source, vietnamese_words
from marketplace.i18n.template_gettext import current_translations
from marketplace.main.links import links
from marketplace.main.templating import day_month_year, url_with
from marketplace.searches.facets import FacetValue
from marketplace.searches.result_rows import ResultProduct, ResultSupplier
from search.highlight import snippet

_MARK = Markup("<mark>{}</mark>")
# Filter values that are place names: Vietnamese words on every page.
_PLACES = ("province", "commune")


@dataclass(frozen=True, slots=True)
class ResultCard:
    product: ResultProduct
    url: str
    supplier_url: str
    thumb: str | None  # the first photo's thumbnail
    name: Markup
    supplier_name: Markup
    place: Markup  # the supplier's commune and province
    snippet: Markup  # the quoted text with the query's words marked
    snippet_lang: str | None  # when the quoted text is not in the page's language
    category: str
    price: str
    verified_badge: Markup  # macros/ui.html's, for the product's supplier
    origin_badge: Markup  # macros/ui.html's, for the product
    actions: ProductActions  # its compare and shortlist toggles


@lru_cache(maxsize=4096)
def marked_snippet(text: str, query_text: str) -> Markup:
    """The snippet of `text` for the query, its matches in <mark>: a function of the
    two strings alone, kept for the next page of the same results."""
    return Markup("").join(
        _MARK.format(piece) if hit else escape(piece) for piece, hit in snippet(text, query_text)
    )


# The badges (macros/ui.html) are functions of a few values and the page's language:
# their output is remembered by those values, across pages. A page shows a dozen
# suppliers and two dozen products, and each badge translates two or three strings.
_BADGES: dict[tuple[object, ...], Markup] = {}
MAX_BADGES = 4096


def _badge(key: tuple[object, ...], macro: Callable[[object], Markup], arg: object) -> Markup:
    """`macro(arg)`, remembered by `key` (which holds all the macro reads of `arg`)."""
    badge = _BADGES.get(key)
    if badge is None:
        badge = macro(arg)
        if len(_BADGES) >= MAX_BADGES:
            _BADGES.clear()
        _BADGES[key] = badge
    return badge


def _verified_badge(ui: TemplateModule, words: object, s: ResultSupplier) -> Markup:
    checked = day_month_year(s.verified_at) if s.verified_at else None
    return _badge(("verified", words, s.state, checked), ui.verified_badge, s)  # type: ignore[attr-defined]


def verified_badges(suppliers: Iterable[ResultSupplier]) -> dict[int, Markup]:
    """Each supplier's verified badge by id (the page's strip of suppliers), as the
    cards have them."""
    ui = current_app.jinja_env.get_template("macros/ui.html").module
    words = current_translations()
    return {s.id: _verified_badge(ui, words, s) for s in suppliers}


def result_cards(
    items: list[tuple[ResultProduct, float]], query_text: str, locale: str
) -> list[ResultCard]:
    """A card for each product shown, in order. The badges are the shared macros'
    output: the verified badge reads only the supplier's state and the day it was
    checked, the origin badge only the product's origin (see macros/ui.html)."""
    link = links()
    actions = toggles.for_page()
    ui = current_app.jinja_env.get_template("macros/ui.html").module
    origin_badge = ui.origin_badge  # type: ignore[attr-defined]
    # The catalogue (one per language) stands for the language in the keys.
    words = current_translations()
    cards = []
    for p, _score in items:
        s = p.supplier
        quoted, quoted_lang = snippet_source(p)
        cards.append(
            ResultCard(
                product=p,
                url=link("products.detail", tax_code=s.tax_code, sku=p.sku),
                supplier_url=link("suppliers.detail", tax_code=s.tax_code),
                thumb=link("products.upload", filename=p.thumb) if p.thumb else None,
                name=page_text(p.name_en, p.name),
                supplier_name=page_text(s.name_en, s.name),
                place=vietnamese_words((f"{s.commune}, " if s.commune else "") + str(s.province)),
                snippet=marked_snippet(quoted or p.specs_text, query_text),
                snippet_lang=quoted_lang,
                category=p.category_name(locale),
                price=price(p.price_vnd),
                verified_badge=_verified_badge(ui, words, s),
                origin_badge=_badge(("origin", words, locale, p.origin), origin_badge, p),
                actions=actions(p.id, p.display_name(locale)),
            )
        )
    return cards


@dataclass(frozen=True, slots=True)
class FacetLink:
    value: str
    label: Markup | str
    count: int
    selected: bool
    href: str  # the page with this value chosen, or left out when it is chosen


def facet_links(
    facets: list[tuple[str, list[FacetValue]]],
) -> list[tuple[str, list[FacetLink]]]:
    """Each facet's values with their links (the current search with the value
    chosen, or without it when chosen; back to the first page)."""
    out = []
    for name, values in facets:
        key = "category" if name == "top_category" else name
        out.append(
            (
                name,
                [
                    FacetLink(
                        value=v.value,
                        label=vietnamese_words(v.label) if key in _PLACES else v.label,
                        count=v.count,
                        selected=v.selected,
                        href=url_with(**{key: None if v.selected else v.value, "page": None}),
                    )
                    for v in values
                ],
            )
        )
    return out
