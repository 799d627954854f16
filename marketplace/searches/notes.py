"""What the search page says about parameter values it left out, in the reader's
language (the API says it in its 400, in English)."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.searches.params import MAX_PAGE, BadParam


def _what(key: str) -> str:
    return {
        "q": _("the search text"),
        "category": _("Category"),
        "province": _("Province"),
        "commune": _("Commune / ward"),
        "made_in": _("Made in"),
        "lc_band": _("Local content"),
        "cert": _("Certification"),
        "verified": _("Supplier"),
        "sort": _("Sort by"),
        "type": _("the kind of results"),
    }.get(key, key)


def refusal_notes(bad: list[BadParam], skip_page: bool = False) -> list[str]:
    """One sentence per value left out. `skip_page`: the page already says there is
    no such page (and links to the last one)."""
    notes = []
    for b in bad:
        if b.control:
            notes.append(
                _(
                    "The address held characters that cannot be searched for (in “%(name)s”):"
                    " that part was left out.",
                    name=b.name,
                )
            )
        elif b.key == "page":
            if not skip_page:
                notes.append(
                    _(
                        "“%(value)s” is not a page number from 1 to %(max)d: here is the first"
                        " page.",
                        value=b.value,
                        max=MAX_PAGE,
                    )
                )
        else:
            notes.append(
                _(
                    "“%(value)s” is not a valid value for %(what)s: it was left out of the search.",
                    value=b.value,
                    what=_what(b.key),
                )
            )
    return notes
