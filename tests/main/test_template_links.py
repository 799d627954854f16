"""Template helpers that remember what they computed (links, encoded arguments,
dates) give exactly what Flask, urlencode and Flask-Babel give."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

import pytest
from flask import Flask, g, render_template_string
from flask_babel import format_date

from marketplace.main import templating

pytestmark = pytest.mark.engine_independent

LINKS = [
    ("products.detail", {"tax_code": "0101234567", "sku": "BFP-005"}),
    ("products.detail", {"tax_code": "0101234567", "sku": "Máy ép/1 #2"}),
    ("suppliers.detail", {"tax_code": "0101234567"}),
    ("buyers.compare_add", {"product_id": 7}),
    ("searches.results", {"q": "máy ép bùn", "page": 2}),
    ("static", {"filename": "css/app.css"}),
    ("main.home", {}),
]


def test_remembered_links_are_the_links_flask_builds(app: Flask) -> None:
    remembered = app.jinja_env.globals["url_for"]
    for base in ("http://localhost/", "https://other.example/sub/"):
        with app.test_request_context("/search", base_url=base):
            for endpoint, values in LINKS:
                for _ in range(2):  # built, then remembered
                    assert remembered(endpoint, **values) == app.url_for(endpoint, **values)
            external = app.url_for("main.home", _external=True)
            assert remembered("main.home", _external=True) == external
            assert remembered("products.detail", tax_code="1", sku="A", _anchor="x").endswith("#x")
    # Another script root is another link, not the one remembered for the first.
    with app.test_request_context("/search", base_url="http://localhost/"):
        assert remembered("main.home") == "/"
    with app.test_request_context("/search", base_url="http://localhost/app/"):
        assert remembered("main.home") == "/app/"


def test_url_with_encodes_as_urlencode(app: Flask) -> None:
    def expected(args: dict[str, str]) -> str:
        return "/search?" + urlencode(list(args.items()), safe=templating._QUERY_SAFE)

    query = {"q": "máy ép bùn & co/2", "province": "Hà Nội", "sort": "price"}
    with app.test_request_context("/search", query_string=query):
        assert templating.url_with() == expected(query)
        assert templating.url_with(page=2) == expected({**query, "page": "2"})
        assert templating.url_with(province=None, page=None) == expected(
            {"q": query["q"], "sort": "price"}
        )
        assert templating.url_with(q="lò đốt") == expected({**query, "q": "lò đốt"})
        # A view leaving out a refused value: the links leave it out too.
        g.url_args = {"q": query["q"]}
        assert templating.url_with(page=3) == expected({"q": query["q"], "page": "3"})
        g.url_args = {}
        assert templating.url_with() == "/search"


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 1, 1, 16, 59),  # 23:59 in Hà Nội
        datetime(2024, 1, 1, 17, 0),  # the next day there
        datetime(2023, 12, 31, 23, 30),
        date(2024, 2, 29),
        datetime(999, 5, 6, 12, 0),
    ],
)
def test_day_month_year_reads_as_babel_formats_it(app: Flask, value: date) -> None:
    with app.test_request_context("/"):
        assert templating.day_month_year(value) == format_date(value, "dd/MM/yyyy")
        assert render_template_string("{{ d|dmy }}", d=value) == format_date(value, "dd/MM/yyyy")
