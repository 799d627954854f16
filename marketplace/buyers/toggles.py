"""The compare and shortlist toggles of a product (buyers/_product_actions.html)
worked out in Python: their links, whether each is on, and their labels with the
product's name. A results page shows two dozen products, and the template working
this out itself (the name in the page's language, two links, four translations a
product) cost an eighth of the page's CPU time. The labels are translated once a
request, as Jinja's `_()` translates them: the catalogue's text is markup, the name
is escaped into it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_login import current_user
from markupsafe import Markup

from marketplace.buyers import Marks, buyer_marks
from marketplace.i18n.template_gettext import current_translations
from marketplace.main.links import links
from marketplace.main.templating import current_locale, per_locale
from marketplace.products.models import Product


@dataclass(frozen=True, slots=True)
class Labels:
    compare: Markup
    add: Markup  # aria-labels: %(name)s is the product's
    remove: Markup
    shortlisted: Markup
    save: Markup
    save_named: Markup
    unsave_named: Markup


def _translate() -> Labels:
    t = current_translations()
    return Labels(
        compare=Markup(t.gettext("Compare")),  # nosec B704 - our catalogue
        add=Markup(t.gettext("Add %(name)s to the comparison")),  # nosec B704
        remove=Markup(t.gettext("Remove %(name)s from the comparison")),  # nosec B704
        shortlisted=Markup(t.gettext("On your shortlist · Remove")),  # nosec B704
        save=Markup(t.gettext("Save to shortlist")),  # nosec B704
        save_named=Markup(t.gettext("Save %(name)s to your shortlist")),  # nosec B704
        unsave_named=Markup(t.gettext("Remove %(name)s from your shortlist")),  # nosec B704
    )


def labels() -> Labels:
    """The toggles' labels in the page's language, translated once a request."""
    return per_locale("marketplace_toggle_labels", _translate)


@dataclass(frozen=True, slots=True)
class ProductActions:
    labels: Labels
    compared: bool  # in the compare tray
    compare_url: str  # takes it out when compared, puts it in otherwise
    compare_label: Markup
    signed_in: bool  # only a signed-in visitor has a shortlist
    shortlisted: bool
    shortlist_url: str
    shortlist_label: Markup


def for_page() -> Callable[[int, str], ProductActions]:
    """(product id, its name on the page) -> its toggles, for this visitor: what
    does not change from one product to the next is looked up once."""
    marks: Marks = buyer_marks()
    signed_in = bool(current_user.is_authenticated)
    words = labels()
    link = links()

    def actions(product_id: int, name: str) -> ProductActions:
        named = {"name": name}
        compared = product_id in marks.compare
        shortlisted = product_id in marks.products
        return ProductActions(
            labels=words,
            compared=compared,
            compare_url=link(
                "buyers.compare_remove" if compared else "buyers.compare_add",
                product_id=product_id,
            ),
            compare_label=(words.remove if compared else words.add) % named,
            signed_in=signed_in,
            shortlisted=shortlisted,
            shortlist_url=link(
                "buyers.shortlist_remove" if shortlisted else "buyers.shortlist_add",
                kind="product",
                target_id=product_id,
            )
            if signed_in
            else "",
            shortlist_label=(words.unsave_named if shortlisted else words.save_named) % named
            if signed_in
            else Markup(""),
        )

    return actions


def of_product(product: Product) -> ProductActions:
    """The toggles of one product (its own page): `product_toggles(product)`."""
    return for_page()(product.id, product.display_name(current_locale()))
