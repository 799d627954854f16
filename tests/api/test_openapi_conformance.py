"""The JSON API against its own OpenAPI document (schemathesis): every documented
operation, with generated parameters, answers with a documented status and a body
matching the documented schema; no 500s."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.factories import make_product, make_supplier


@pytest.fixture
def api_schema(app, session):
    supplier = make_supplier(session, tax_code="0100109106")
    make_product(session, supplier, sku="BFP", name="Máy ép bùn băng tải 1500 mm")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_document(case, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the API contract does not depend on the database engine; run once")
    case.call_and_validate()
