"""The busiest pages run a fixed, small number of statements whatever they list (no
N+1), and their links read as url_for's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, url_for
from sqlalchemy import event

from marketplace.main.templating import url_with
from marketplace.products.models import ProductPhoto
from tests.factories import make_product, make_supplier

pytestmark = pytest.mark.engine_independent


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, sql, *_args):  # type: ignore[no-untyped-def]
        seen.append(sql)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _catalogue(session, n: int) -> list:  # type: ignore[no-untyped-def]
    """n pumps from n suppliers, half without a description (their result shows the
    specifications), each with a photo."""
    products = []
    for i in range(n):
        supplier = make_supplier(session, name=f"Công ty Bơm số {i}", province="Hà Nội")
        product = make_product(
            session,
            supplier,
            sku=f"P-{i}",
            name=f"Bơm định lượng hóa chất {i}",
            description="" if i % 2 else "Bơm định lượng cho trạm xử lý nước thải.",
            description_en="",
            specs=[("lưu lượng", f"{i} l/h"), ("áp suất", "10 bar")],
        )
        session.add(
            ProductPhoto(
                product=product,
                filename=f"p{i}.jpg",
                thumb_filename=f"p{i}-t.jpg",
                width=10,
                height=10,
            )
        )
        products.append(product)
    session.commit()
    return products


def _search_statements(app: Flask, client, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)  # warm: the first request reads settings once
    with statements(app) as seen:
        html = client.get(path).get_data(as_text=True)
    assert "/products/P-1" in html
    return len(seen)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_search_results_page_statements_do_not_grow_with_results(app, client, session, lang):
    path = f"/search?q=bơm+định+lượng&lang={lang}"
    _catalogue(session, 2)
    few = _search_statements(app, client, path)
    _catalogue_extra(session)
    many = _search_statements(app, client, path)
    assert many == few
    # products, their photos, specifications of those without a description, the
    # supplier strip's suppliers, category names
    assert many <= 5


def _catalogue_extra(session) -> list:  # type: ignore[no-untyped-def]
    products = []
    for i in range(2, 10):
        supplier = make_supplier(session, name=f"Công ty Bơm thêm {i}")
        products.append(
            make_product(
                session,
                supplier,
                sku=f"Q-{i}",
                name=f"Bơm định lượng thêm {i}",
                description="" if i % 2 else "Bơm định lượng PAC.",
                description_en="",
            )
        )
    return products


def test_results_without_description_show_specifications(client, session):
    _catalogue(session, 2)
    html = client.get("/search?q=bơm+định+lượng").get_data(as_text=True)
    assert "lưu <mark>lượng</mark>: 1 l/h; áp suất: 10 bar" in html


def test_product_page_loads_in_three_statements(app, client, session):
    (product, *_rest) = _catalogue(session, 1)
    path = f"/suppliers/{product.supplier.tax_code}/products/{product.sku}"
    client.get(path)
    with statements(app) as seen:
        html = client.get(path).get_data(as_text=True)
    assert "Bơm định lượng hóa chất 0" in html
    assert 'href="/categories/WW"' in html  # the breadcrumb's parent, loaded with it
    assert len(seen) <= 3, seen  # product with supplier and categories, photos, specs


@pytest.mark.parametrize(
    "changes",
    [
        {"page": 2},
        {"q": "máy ép bùn & co/ 50%", "page": None},
        {"province": "Hà Nội", "sort": None},
        {"cert": "ISO 9001:2015", "type": "supplier"},
    ],
)
def test_url_with_reads_as_url_for(app: Flask, changes: dict[str, object]) -> None:
    query = "q=b%C6%A1m+%2B+van&sort=price&page=3&made_in=VN"
    with app.test_request_context(f"/search?{query}"):
        from flask import request

        args = request.args.to_dict()
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = str(value)
        assert url_with(**changes) == url_for("searches.results", **args)
    with app.test_request_context("/suppliers/0100109106?page=2"):
        assert url_with(page=3) == url_for("suppliers.detail", tax_code="0100109106", page=3)
        assert url_with(page=None) == url_for("suppliers.detail", tax_code="0100109106")


def test_supplier_page_reads_the_supplier_once(app, client, session):
    (product,) = _catalogue(session, 1)
    path = f"/suppliers/{product.supplier.tax_code}"
    client.get(path)
    with statements(app) as seen:
        html = client.get(path).get_data(as_text=True)
    assert "Bơm định lượng hóa chất 0" in html
    by_tax_code = [s for s in seen if "FROM suppliers" in s and "suppliers.tax_code =" in s]
    assert len(by_tax_code) == 1, by_tax_code
