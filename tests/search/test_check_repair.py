"""`flask search check` finds every kind of drift between the index and the
database (documents missing, extra, or stale in content; statistics that differ
from the documents) and `--repair` mends it without a rebuild. On both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from whoosh.writing import SegmentWriter

from marketplace.indexing import indexer
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from marketplace.searches import documents
from search.base import Query
from search.postgres_backend import PostgresBackend
from search.whoosh_schema import CODEC, document_fields
from tests.factories import make_product, make_supplier


@pytest.fixture
def catalogue(app, session):
    supplier = make_supplier(session)
    pumps = [
        make_product(session, supplier, name=f"Bơm chìm nước thải {i}", sku=f"PUMP-{i}")
        for i in range(3)
    ]
    make_product(session, supplier, name="Máy ép bùn băng tải", sku="PRESS")
    indexer.drain(app)
    return pumps


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["search", "check", *args])


@pytest.fixture
def no_rebuild(app, monkeypatch):
    """A repair must not rebuild the index."""

    def refuse(docs):  # type: ignore[no-untyped-def]
        raise AssertionError("a repair rebuilt the whole index")

    monkeypatch.setattr(get_backend(app), "rebuild", refuse)


def _names(app, text_: str) -> list[str]:
    return [h.name for h in get_backend(app).search(Query(text=text_)).hits]


def test_a_clean_index_passes(app, catalogue, cli):
    result = cli()
    assert result.exit_code == 0, result.output
    assert "in step with the database" in result.output


def test_missing_and_extra_documents_are_reported_and_repaired(
    app, session, catalogue, cli, no_rebuild
):
    backend = get_backend(app)
    pump = catalogue[0]
    ghost = documents.product_document(pump)
    ghost.id, ghost.name = "product:999999", "Lò đốt rác ma"
    backend.delete([f"product:{pump.id}"])
    backend.index([ghost])
    assert _names(app, "lò đốt rác") == ["Lò đốt rác ma"]

    result = cli()
    assert result.exit_code == 1
    assert f"missing product:{pump.id}" in result.output
    assert "extra product:999999" in result.output

    repaired = cli("--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "Repaired without a rebuild" in repaired.output
    assert _names(app, "lò đốt rác") == []
    assert pump.name in _names(app, "bơm chìm")
    assert cli().exit_code == 0


def test_a_change_that_never_reached_the_index_is_stale(app, session, catalogue, cli, no_rebuild):
    pump = catalogue[1]
    # A bulk statement: no ORM flush, so nothing was queued for the index.
    session.execute(update(Product).where(Product.id == pump.id).values(name="Quạt hút khí"))
    session.commit()
    assert _names(app, "quạt hút") == []

    result = cli()
    assert result.exit_code == 1
    assert f"stale product:{pump.id}" in result.output

    assert cli("--repair").exit_code == 0
    assert _names(app, "quạt hút") == ["Quạt hút khí"]
    assert cli().exit_code == 0


def test_a_document_written_with_other_content_is_stale(app, catalogue, cli, no_rebuild):
    pump = catalogue[2]
    tampered = documents.product_document(pump)
    tampered.name, tampered.local_content = "Quạt ly tâm", 100
    get_backend(app).index([tampered])
    assert _names(app, "quạt ly tâm") == ["Quạt ly tâm"]

    result = cli()
    assert result.exit_code == 1
    assert f"stale product:{pump.id}" in result.output

    assert cli("--repair").exit_code == 0
    assert "Quạt ly tâm" not in _names(app, "quạt ly tâm")
    assert pump.name in _names(app, "bơm chìm")


def test_stale_statistics_are_reported_and_recomputed(app, session, catalogue, cli, no_rebuild):
    backend = get_backend(app)
    if isinstance(backend, PostgresBackend):
        with backend.engine.begin() as conn:
            conn.execute(text("UPDATE search_vocabulary SET df = df + 7 WHERE term = 'bom'"))
            conn.execute(text("INSERT INTO search_vocabulary VALUES ('bomm', 3)"))
            conn.execute(text("DROP TRIGGER search_documents_terms_insert ON search_documents"))
        expected = ["vocabulary: 2 words", "triggers missing", "search_documents_terms_insert"]
    else:
        # The same product held twice (an index written by another tool): it counts
        # twice in the document count and lengths that scoring uses.
        writer = SegmentWriter(backend.ix, codec=CODEC)
        writer.add_document(**document_fields(documents.product_document(catalogue[2])))
        writer.commit()
        expected = ["product documents: the index counts 5", f"stale product:{catalogue[2].id}"]

    result = cli()
    assert result.exit_code == 1
    for part in expected:
        assert part in result.output

    repaired = cli("--repair")
    assert repaired.exit_code == 0, repaired.output
    assert cli().exit_code == 0
    # The statistics stay in step with later changes (triggers restored on PostgreSQL).
    make_product(session, catalogue[0].supplier, name="Bồn chứa bùn", sku="TANK")
    indexer.drain(app)
    assert cli().exit_code == 0
    assert "Bồn chứa bùn" in _names(app, "bồn chứa")
