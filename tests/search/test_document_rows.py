"""Documents read set-wise (for rebuilds and the indexer) are the documents the ORM
path gives, field by field, and leave out what must not be found."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.products.models import Product
from marketplace.searches import document_rows, documents
from marketplace.suppliers.models import VerificationState
from tests.factories import make_product, make_supplier


def _catalogue(session):  # type: ignore[no-untyped-def]
    shown = make_supplier(session, certifications="ISO 9001; ISO 14001")
    pending = make_supplier(session, state=VerificationState.PENDING, name_en=None, commune=None)
    hidden = make_supplier(session, state=VerificationState.SUSPENDED)
    made = [
        make_product(
            session,
            shown,
            specs=[("công suất", "50 m3/ngày"), ("điện áp", "380 V")],
            certifications="CE; QCVN",
            local_content_pct=7.5,
        ),
        make_product(
            session,
            pending,
            name_en=None,
            description=None,
            specs=[],
            local_content_pct=None,
            price_vnd=None,
            category_code="COL",
        ),
        make_product(session, shown, active=False),
        make_product(session, hidden),
    ]
    session.commit()
    return [p.id for p in made]


def test_set_wise_documents_equal_the_orm_documents(session):
    ids = _catalogue(session)
    products = session.scalars(select(Product).where(Product.id.in_(ids))).all()
    expected = [
        documents.product_document(p)
        for p in sorted(products, key=lambda p: p.id)
        if documents.is_searchable(p)
    ]
    docs, gone = document_rows.product_documents(session, [*ids, 10**9])
    assert docs == expected and len(docs) == 2
    assert gone == [ids[2], ids[3], 10**9]  # withdrawn, hidden supplier, deleted
    assert [d for page in document_rows.iter_searchable(session, batch=1) for d in page] == list(
        documents.iter_product_documents(session)
    )
