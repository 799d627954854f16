"""Certification facets: one count per document, one value per standard whatever the
edition or spelling, while pages keep what the supplier wrote."""

from __future__ import annotations

from marketplace.searches import document_rows, documents
from marketplace.searches.certifications import canonical_certification
from tests.factories import make_product, make_supplier


def test_editions_and_spellings_are_one_standard():
    for written in ("ISO 9001:2015", "ISO 9001", "iso9001", "ISO 9001 - 2008", "iso 9001:2015"):
        assert canonical_certification(written) == "ISO 9001"
    assert canonical_certification("ISO/IEC 17025:2017") == "ISO/IEC 17025"
    assert canonical_certification("ISO 14644-1") == "ISO 14644-1"  # part number, not a year
    assert canonical_certification("ce") == "CE"
    assert canonical_certification("Chứng nhận  hợp quy") == "Chứng nhận hợp quy"


def test_a_certification_of_product_and_supplier_counts_once(client, session):
    supplier = make_supplier(session, certifications="ISO 9001;ISO 14001")
    for i in range(3):
        make_product(session, supplier, sku=f"P{i}", certifications="ISO 9001:2015; CE")
    facets = client.get("/api/v1/search?q=may ep bun").get_json()["facets"]
    assert facets["certification"] == {"ISO 9001": 3, "ISO 14001": 3, "CE": 3}


def test_filtering_by_one_edition_finds_every_edition(client, session):
    supplier = make_supplier(session, certifications=None)
    make_product(session, supplier, sku="A", certifications="ISO 9001:2015")
    make_product(session, supplier, sku="B", certifications="iso9001")
    make_product(session, supplier, sku="C", certifications="ISO 14001")
    for value in ("ISO 9001", "ISO 9001:2008"):
        data = client.get(f"/api/v1/search?certification={value}").get_json()
        assert sorted(r["sku"] for r in data["results"]) == ["A", "B"]


def test_product_page_shows_the_certification_as_written(client, session):
    supplier = make_supplier(session)
    make_product(session, supplier, sku="A", certifications="ISO 9001:2015")
    page = client.get(f"/suppliers/{supplier.tax_code}/products/A").get_data(as_text=True)
    assert "ISO 9001:2015" in page
    data = client.get(f"/api/v1/suppliers/{supplier.tax_code}/products").get_json()
    assert data["results"][0]["certifications"] == ["ISO 9001:2015"]


def test_both_document_paths_give_the_same_certifications(session):
    supplier = make_supplier(session, certifications="iso 9001; ISO 14001:2015")
    product = make_product(session, supplier, certifications="ISO 9001:2015; CE, QCVN")
    expected = ["ISO 9001", "CE", "QCVN", "ISO 14001"]
    assert documents.product_document(product).certifications == expected
    docs, _gone = document_rows.product_documents(session, [product.id])
    assert docs[0].certifications == expected
    supplier_doc = documents.supplier_documents(session, [supplier.id])[0]
    assert supplier_doc.certifications == ["ISO 9001", "ISO 14001"]
