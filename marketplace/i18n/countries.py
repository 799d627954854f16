"""Country names instead of ISO 3166-1 alpha-2 codes on pages (`{{ p.origin|country }}`):
Babel's territory names in the page's language ("Việt Nam", "Trung Quốc")."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from marketplace.main.templating import current_locale


@lru_cache(maxsize=8)
def _names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name in `locale` (the page's by default); an unknown code as it is."""
    if not code:
        return ""
    key = code.strip().upper()
    return _names(locale or current_locale()).get(key, key)
