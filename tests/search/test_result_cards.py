"""A result card reads its product from plain columns (searches/result_rows.py): it
shows the first photo, and it reads the same as the card the database fallback
builds from a fully loaded product while the index cannot be read."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from marketplace.products.models import ProductPhoto
from marketplace.search_sync import get_backend
from marketplace.searches import services
from marketplace.suppliers.models import VerificationState
from search.base import IndexUnavailable, Query
from tests.factories import make_product, make_supplier

pytestmark = pytest.mark.engine_independent

CARD = re.compile(r'<li class="card mb-2 search-result">.*?</li>', re.S)


def _photo(product, position: int, name: str) -> ProductPhoto:  # type: ignore[no-untyped-def]
    return ProductPhoto(
        product=product,
        filename=f"{name}.jpg",
        thumb_filename=f"{name}-t.jpg",
        width=10,
        height=10,
        position=position,
    )


@pytest.fixture
def pumps(session):  # type: ignore[no-untyped-def]
    verified = make_supplier(session, name="Công ty Bơm Gia Lâm", commune="Phường Gia Lâm")
    pending = make_supplier(
        session,
        name="Công ty Bơm <Kinh Bắc>",
        name_en="Kinh Bac Pumps",
        province="Bắc Ninh",
        state=VerificationState.PENDING,
    )
    with_photos = make_product(
        session,
        verified,
        sku="P-1",
        name="Bơm định lượng hóa chất",
        name_en="Chemical dosing pump",
        description="Bơm định lượng cho trạm xử lý nước thải.",
        description_en="",
        specs=[("lưu lượng", "20 l/h"), ("áp suất", "10 bar")],
    )
    # Added in the reverse of their order: the card shows position 0.
    session.add_all([_photo(with_photos, 1, "second"), _photo(with_photos, 0, "first")])
    make_product(
        session,
        pending,
        sku="P-2",
        name="Bơm định lượng PAC",
        name_en="",
        description="",
        origin="JP",
        local_content_pct=None,
        price_vnd=None,
    )
    session.commit()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_card_shows_the_first_photo(client, pumps, lang):
    html = client.get(f"/search?q=bơm+định+lượng&lang={lang}").get_data(as_text=True)
    cards = CARD.findall(html)
    assert len(cards) == 2
    (with_photos,) = [c for c in cards if "/products/P-1" in c]
    assert '<img src="/uploads/first-t.jpg"' in with_photos
    assert "second-t.jpg" not in with_photos
    (without,) = [c for c in cards if "/products/P-2" in c]
    assert "<img" not in without


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cards_read_the_same_while_the_index_cannot_be_read(app, client, pumps, monkeypatch, lang):
    path = f"/search?q=bơm+định+lượng&lang={lang}"
    indexed = set(CARD.findall(client.get(path).get_data(as_text=True)))

    def unreadable(query: Query):  # type: ignore[no-untyped-def]
        raise IndexUnavailable("search index cannot be read")

    monkeypatch.setattr(get_backend(app), "search", unreadable)
    monkeypatch.setattr(services, "_rebuild_in_background", lambda backend: None)
    html = client.get(path).get_data(as_text=True)
    assert {"en": "Search is being rebuilt", "vi": "đang được xây dựng lại"}[lang] in html
    # The fallback quotes no matches (<mark>): compare the cards without them.
    unmarked = {re.sub(r"</?mark>", "", c) for c in indexed}
    assert {re.sub(r"</?mark>", "", c) for c in CARD.findall(html)} == unmarked
    assert len(unmarked) == 2


STRIP = re.compile(r'<section class="mb-4 supplier-matches".*?</section>', re.S)
STRIP_CARD = re.compile(r'<article class="card h-100">.*?</article>', re.S)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_supplier_strip_reads_the_same_while_the_index_cannot_be_read(
    app, client, pumps, monkeypatch, lang
):
    path = f"/search?q=bơm&lang={lang}"
    (strip,) = STRIP.findall(client.get(path).get_data(as_text=True))
    indexed = set(STRIP_CARD.findall(strip))
    assert len(indexed) == 2
    assert "Công ty Bơm &lt;Kinh Bắc&gt;" in strip or "Kinh Bac Pumps" in strip
    assert {"en": "Awaiting verification", "vi": "Chờ xác minh"}[lang] in strip

    def unreadable(query: Query):  # type: ignore[no-untyped-def]
        raise IndexUnavailable("search index cannot be read")

    monkeypatch.setattr(get_backend(app), "search", unreadable)
    monkeypatch.setattr(services, "_rebuild_in_background", lambda backend: None)
    (strip,) = STRIP.findall(client.get(path).get_data(as_text=True))
    assert set(STRIP_CARD.findall(strip)) == indexed


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_badges_are_each_suppliers_and_in_the_pages_language(client, session, lang):
    """The cards' badges are remembered across pages by what they show (searches/
    cards.py): a supplier's own day, the page's language (the other language's
    badges are remembered already when the second language runs)."""
    checked = {
        "Công ty Lọc Một": datetime(2025, 3, 4, 8),
        "Công ty Lọc Hai": datetime(2025, 6, 7, 8),
    }
    for name, day in checked.items():
        supplier = make_supplier(session, name=name, name_en=None, verified_at=day)
        make_product(session, supplier, name="Lọc túi vải")
    pending = make_supplier(
        session, name="Công ty Lọc Ba", name_en=None, state=VerificationState.PENDING
    )
    make_product(session, pending, name="Lọc túi vải", origin="DE")
    verified, word, waiting, imported = {
        "en": ("✓ Verified", "checked", "Awaiting verification", "Imported · Germany"),
        "vi": ("✓ Đã xác minh", "kiểm tra", "Chờ xác minh", "Nhập khẩu · Đức"),
    }[lang]
    for _ in range(2):  # written, then remembered
        html = client.get(f"/search?q=lọc+túi+vải&lang={lang}").get_data(as_text=True)
        cards = CARD.findall(html)
        assert len(cards) == 3
        for name, day in checked.items():
            (card,) = [c for c in cards if name in c]
            assert verified in card and f"{word} {day:%d/%m/%Y}" in card
        (card,) = [c for c in cards if "Công ty Lọc Ba" in c]
        assert waiting in card and imported in card and verified not in card
