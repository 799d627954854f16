"""Templates translate with the catalogue looked up once per request and locale."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string
from flask_babel import force_locale

from marketplace.i18n import template_gettext

pytestmark = pytest.mark.engine_independent

PAGE = (
    "{{ _('Search') }}|{{ gettext('Search') }}|{{ _('%(n)d products found', n=3) }}|"
    "{{ ngettext('%(num)d product to compare', '%(num)d products to compare', 2) }}|"
    "{{ _('Results for “%(q)s”', q='<b>') }}|{{ current_locale() }}"
)


def test_templates_translate_and_escape_like_jinja(app: Flask) -> None:
    with app.test_request_context("/?lang=vi"):
        vi = render_template_string(PAGE)
        with force_locale("en"):  # an e-mail in its recipient's language
            en = render_template_string(PAGE)
        again = render_template_string(PAGE)
    assert vi.split("|")[:3] == ["Tìm kiếm", "Tìm kiếm", "3 sản phẩm phù hợp"]
    assert en.split("|")[:4] == ["Search", "Search", "3 products found", "2 products to compare"]
    assert (vi.split("|")[-1], en.split("|")[-1]) == ("vi", "en")
    assert "&lt;b&gt;" in en and "<b>" not in en
    assert again == vi


def test_catalogue_looked_up_once_per_request(app: Flask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []
    real = template_gettext.get_translations

    def counting():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(template_gettext, "get_translations", counting)
    with app.test_request_context("/?lang=vi"):
        render_template_string(PAGE * 20)
    assert len(calls) == 1


def test_a_percent_sign_is_formatted_even_without_variables(app: Flask) -> None:
    with app.test_request_context("/?lang=en"):
        out = render_template_string("{{ _('100%% recycled') }}|{{ _('Search') }}")
    assert out == "100% recycled|Search"
