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
