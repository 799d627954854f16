"""The search results page answers repeated searches from the backend's answer cache:
what suppliers save is still on the very next search."""

from marketplace.products.models import Product
from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier


def _page(client, q: str = "may ep bun") -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/search?q={q}").get_data(as_text=True)


def test_a_saved_change_is_in_the_next_search(client, session):
    supplier = make_supplier(session, name="Công ty TNHH Cơ khí Gia Lâm")
    product = make_product(session, supplier, name="Máy ép bùn băng tải 1500 mm")
    assert "Máy ép bùn băng tải 1500 mm" in _page(client)
    assert "1 sản phẩm phù hợp" in _page(client)  # the same search again: cached

    product.name = "Máy ép bùn khung bản 800 mm"
    session.commit()
    html = _page(client)
    assert "Máy ép bùn khung bản 800 mm" in html and "băng tải 1500" not in html

    make_product(session, supplier, name="Máy ép bùn trục vít")
    assert "2 sản phẩm phù hợp" in _page(client)

    withdrawn = session.get(Product, product.id)
    withdrawn.active = False
    session.commit()
    html = _page(client)
    assert "1 sản phẩm phù hợp" in html and "khung bản" not in html


def test_a_supplier_change_is_in_the_next_search(client, session):
    supplier = make_supplier(session, name="Công ty CP Môi trường Kinh Bắc")
    make_product(session, supplier, name="Máy ép bùn trục vít")
    assert "Máy ép bùn trục vít" in _page(client)
    supplier.state = VerificationState.SUSPENDED
    session.commit()
    assert "Máy ép bùn trục vít" not in _page(client)


def test_cards_built_in_python_escape_what_suppliers_typed(client, session):
    # Names, places and snippets are prepared outside the template (searches/cards.py):
    # markup typed into any of them must reach the page as text, in both languages.
    evil = '<img src=x onerror="alert(1)">'
    supplier = make_supplier(session, name=f"Công ty TNHH Bùn {evil}", commune=evil)
    supplier.name_en = f"Sludge Co {evil}"
    make_product(
        session,
        supplier,
        name=f"Máy ép bùn {evil}",
        name_en=f"Sludge press {evil}",
        description=f"Máy ép bùn {evil}",
        specs=[("công suất", f"bùn {evil}")],
    )
    session.commit()
    for lang in ("vi", "en"):
        html = client.get(f"/search?q=may+ep+bun&lang={lang}").get_data(as_text=True)
        assert "Máy ép bùn" in html or "Sludge press" in html
        assert "<img src=x" not in html and 'onerror="alert' not in html
        assert "&lt;img src=x onerror=" in html
