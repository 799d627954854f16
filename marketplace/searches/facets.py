"""The search results page's filters (facets) and saved searches' filters in words:
values with labels in the page's language, in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.categories.queries import category_names
from marketplace.main.templating import per_locale
from search.fields import FACETS


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def _value_labels() -> dict[str, dict[str, str]]:
    """Filter values in words, translated once a request (read only)."""
    return per_locale("marketplace_facet_labels", _translate_value_labels)


def _translate_value_labels() -> dict[str, dict[str, str]]:
    return {
        "made_in": {"VN": _("Made in Vietnam"), "imported": _("Imported")},
        "lc_band": {
            # Numbers read the same in both languages (and "%" trips gettext's
            # python-format check).
            "60-100": "60–100 %",
            "30-59": "30–59 %",
            "0-29": "0–29 %",
            "unknown": _("not declared"),
        },
        "verified": {"yes": _("Verified suppliers only"), "no": _("Not yet verified")},
    }


def filter_label(
    name: str,
    value: str,
    names: dict[str, str],
    labels: dict[str, dict[str, str]] | None = None,
) -> str:
    """A filter's value as people read it (a category's name, "Made in Vietnam");
    values without words (a province, a certification) as they are. `labels`:
    _value_labels() translated once for many values."""
    if name == "category":
        return names.get(value, value)
    return (labels or _value_labels()).get(name, {}).get(value, value)


def describe_filters(session: Session, params: Mapping[str, str], locale: str) -> list[str]:
    """The filters of a saved search, in words, in the order the page lists them."""
    names = category_names(session, locale)
    return [filter_label(k, v, names) for k, v in params.items() if k not in ("q", "sort")]


def facet_view(
    session: Session, counts: dict[str, dict[str, int]], active: dict[str, str], locale: str
) -> list[tuple[str, list[FacetValue]]]:
    """Facets as the page shows them: (facet name, values with labels), in a fixed
    order; a selected value is listed even when the filtered result no longer
    counts it."""
    names = category_names(session, locale)
    labels = _value_labels()  # translated once, not once per facet value
    out = []
    for name in FACETS:
        values = dict(counts.get(name, {}))
        key = "category" if name == "top_category" else name
        if name == "category":  # subcategories only; top level has its own facet
            values = {k: v for k, v in values.items() if "-" in k}
        chosen = active.get(key)
        if (
            chosen
            and name != "top_category"
            and chosen not in values
            and (name != "category" or "-" in chosen)
        ):
            values[chosen] = 0
        if name == "verified":
            values.pop("no", None)
        items = [
            FacetValue(
                value=v,
                label=filter_label(key if key == "category" else name, v, names, labels),
                count=n,
                selected=chosen == v,
            )
            for v, n in values.items()
        ]
        if items:
            out.append((name, items[:15]))
    return out
