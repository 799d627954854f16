"""Enum values and country codes reach pages as words in the page's language."""

from __future__ import annotations

import enum

import pytest
from flask import Flask

from marketplace.i18n import labels
from marketplace.i18n.countries import country_name
from marketplace.suppliers.models import Ownership, VerificationState
from tests.factories import make_product, make_supplier
from tests.main.app_modules import app_subclasses

pytestmark = pytest.mark.engine_independent

# Enums that never reach a page as such.
INTERNAL = {"marketplace.share.models.Link"}
ENUMS = [
    e
    for e in app_subclasses(enum.Enum)
    if f"{e.__module__}.{e.__qualname__}" not in INTERNAL and list(e)
]


def test_every_enum_of_the_app_has_a_label_table():
    missing = [e.__name__ for e in ENUMS if e not in labels.TABLES]
    assert not missing, f"add a table to marketplace/i18n/labels.py (or mark INTERNAL): {missing}"


@pytest.mark.parametrize("enum_type", ENUMS, ids=lambda e: e.__name__)
def test_every_member_reads_in_vietnamese_and_english(app: Flask, enum_type: type[enum.Enum]):
    def read(lang: str) -> dict[str, str]:
        with app.test_request_context(f"/?lang={lang}"):
            return {m.value: labels.label(m) for m in enum_type}

    vi, en = read("vi"), read("en")
    for member in enum_type:
        assert en[member.value] != member.value, f"{member} has no label"
        assert vi[member.value] != en[member.value], f"{member}: {vi[member.value]!r} in English"


def test_a_stored_value_is_read_through_its_kind(app: Flask):
    with app.test_request_context("/?lang=vi"):
        assert labels.label("joint_venture", "ownership") == "Liên doanh"
        assert labels.label(VerificationState.REJECTED) == "Bị từ chối"
        assert labels.label(None) == ""
        assert labels.label("unheard-of", "role") == "unheard-of"


def test_country_names_follow_the_page_language(app: Flask):
    with app.test_request_context("/?lang=vi"):
        assert (country_name("VN"), country_name("cn")) == ("Việt Nam", "Trung Quốc")
    with app.test_request_context("/?lang=en"):
        assert (country_name("VN"), country_name("CN")) == ("Vietnam", "China")
        assert country_name("ZZ9") == "ZZ9"


def test_product_pages_name_the_country_of_manufacture(client, session):
    supplier = make_supplier(session, ownership=Ownership.JOINT_VENTURE)
    product = make_product(session, supplier, origin="CN", name="Máy lọc bụi túi vải")
    html = client.get(f"/suppliers/{supplier.tax_code}/products/{product.sku}").get_data(
        as_text=True
    )
    assert "Trung Quốc" in html
    assert "· CN" not in html and ">CN<" not in html


def test_search_results_name_the_country_in_english(client, session):
    supplier = make_supplier(session)
    make_product(session, supplier, origin="DE", name="Máy ép bùn khung bản")
    html = client.get("/search?q=máy+ép+bùn&lang=en").get_data(as_text=True)
    assert "Imported · Germany" in html


def test_supplier_page_shows_ownership_and_state_in_words(client, session, login_as):
    supplier = make_supplier(
        session, state=VerificationState.SUSPENDED, ownership=Ownership.JOINT_VENTURE
    )
    login_as("official")
    html = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert "Liên doanh" in html and "Tạm đình chỉ" in html
    assert "joint_venture" not in html and ">suspended<" not in html
