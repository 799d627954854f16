"""The buyers' pages run a fixed number of SQL statements, however many items they
show (no N+1)."""

from __future__ import annotations

from marketplace.buyers import shortlist
from tests.factories import make_product, make_supplier
from tests.share.records_helpers import statements


def _fill(session, user, n):
    for _ in range(n):
        supplier = make_supplier(session)
        product = make_product(session, supplier, specs=[("Công suất", "5 kW"), ("Nặng", "1 t")])
        shortlist.add_to_shortlist(session, user, "product", product.id)
        shortlist.add_to_shortlist(session, user, "supplier", supplier.id)


def test_the_shortlist_pages_do_not_grow_with_their_items(app, client, session, login_as):
    user = login_as("buyer")
    _fill(session, user, 2)
    client.get("/")  # the first request after logging in also refreshes the login
    few = [statements(app, client, u) for u in ("/shortlist", "/shortlist?show=supplier")]
    _fill(session, user, 6)
    many = [statements(app, client, u) for u in ("/shortlist", "/shortlist?show=supplier")]
    assert many == few


def test_the_comparison_does_not_grow_with_its_products(app, client, session):
    products = [make_product(session, make_supplier(session)) for _ in range(4)]
    client.post(f"/compare/{products[0].id}/add")
    one = statements(app, client, "/compare")
    for p in products[1:]:
        client.post(f"/compare/{p.id}/add")
    assert statements(app, client, "/compare") == one
