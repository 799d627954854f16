"""Conditional GETs on every read endpoint: ETag and Last-Modified, 304 while the
client holds the current answer, a new ETag as soon as the data shown changes."""

import pytest

from marketplace.products.models import ProductSpec
from tests.factories import make_product, make_supplier

pytestmark = pytest.mark.engine_independent

TAX = "0100109106"
READ_ENDPOINTS = [
    "/api/v1/search?q=may+ep+bun",
    "/api/v1/search?type=supplier&q=thang+long",
    "/api/v1/search/suggest?q=may",
    f"/api/v1/suppliers/{TAX}",
    f"/api/v1/suppliers/{TAX}/products",
    f"/api/v1/products/{TAX}/BFP",
    "/api/v1/provinces/Hà Nội/communes",
    "/api/v1/categories",
    "/api/v1/share",
    "/api/v1/openapi.json",
]


@pytest.fixture
def product(session):  # type: ignore[no-untyped-def]
    supplier = make_supplier(session, tax_code=TAX)
    return make_product(session, supplier, sku="BFP", name="Máy ép bùn băng tải 1500 mm")


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_read_endpoint_answers_304_while_unchanged(client, product, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    since = client.get(url, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    other = client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_an_edit_changes_the_etag_of_every_answer_showing_it(client, session, product):
    urls = [
        f"/api/v1/products/{TAX}/BFP",
        f"/api/v1/suppliers/{TAX}/products",
        "/api/v1/search?q=may+ep+bun",
    ]
    before = {url: client.get(url).headers["ETag"] for url in urls}
    product.price_vnd = 470_000_000
    session.commit()
    for url in urls:
        response = client.get(url, headers={"If-None-Match": before[url]})
        assert response.status_code == 200, url
        assert response.headers["ETag"] != before[url]


def test_a_specification_edit_alone_changes_the_etag(client, session, product):
    url = f"/api/v1/products/{TAX}/BFP"
    etag = client.get(url).headers["ETag"]
    product.specs.append(ProductSpec(key="điện áp", value="380 V", position=5))
    session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_errors_carry_no_validators(client):
    response = client.get("/api/v1/suppliers/0100000000")
    assert response.status_code == 404 and "ETag" not in response.headers
