"""Origins are ISO 3166-1 alpha-2 countries: the codes CLDR lists beside them that are
no country (unknown region ZZ, the EU, the UN, Kosovo's user-assigned XK, Ascension
AC, ...) are refused by every path that reads an origin, in any case."""

from __future__ import annotations

import pytest

from marketplace.products.fields import iso_countries
from marketplace.share.fields import clean_record


@pytest.mark.parametrize("code", ["ZZ", "EU", "EZ", "UN", "XK", "QO", "AC", "IC", "XA"])
def test_codes_that_are_no_country_are_refused(code):
    assert code not in iso_countries()
    row = {"record_id": "O1", "year": "2025", "category": "WW", "value_vnd": "1000",
           "origin": code.lower()}  # fmt: skip
    cleaned = clean_record(row, {"WW"})
    assert "ISO 3166-1" in cleaned.errors["origin"]


def test_every_country_is_taken():
    assert len(iso_countries()) == 249
    assert {"VN", "CN", "DE", "JP", "KR", "US", "GB", "TW", "SS"} <= iso_countries()
    cleaned = clean_record(
        {"record_id": "O2", "year": "2025", "category": "WW", "value_vnd": "1000", "origin": "de"},
        {"WW"},
    )
    assert cleaned.errors == {} and cleaned.values["origin"] == "DE"
