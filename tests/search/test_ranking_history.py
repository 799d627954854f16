"""Ranking does not depend on history: after any sequence of creates, edits,
withdrawals, restores and supplier changes, committed the way the site commits them,
every search answers exactly what a freshly rebuilt index answers (same documents,
same order, same scores, facets, corrections and completions). On both backends.

Found this way: on Whoosh, once a segment held a deleted document (any update
deletes the old version), every other document of that segment scored as if each
of its words occurred once in a field of weight 1 (products of the supplier who
withdrew one fell from #1 to #8) until a merge; on PostgreSQL the spelling
vocabulary counted words of deleted documents and missed most others."""

from __future__ import annotations

import math
from pathlib import Path

from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.search_sync import get_backend
from marketplace.searches import documents, services
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from marketplace.suppliers.services import set_verification_state
from search import open_backend
from search.base import Query, SearchBackend
from search.postgres_backend import PostgresBackend
from tests import factories

NAMES = [
    "Máy ép bùn băng tải 1000 mm",
    "Máy ép bùn trục vít",
    "Máy ép rác thủy lực",
    "Xe ép rác 14 khối",
    "Bể tự hoại composite 1500 lít",
    "Bơm chìm nước thải",
    "Hóa chất keo tụ PAC",
    "Tháp hấp thụ khí thải",
    "Lò đốt rác công nghiệp",
    "Thiết bị quan trắc nước thải tự động",
]
CATEGORIES = ["WW-SLU", "COL-CMP", "WW-TNK", "AIR-SCR", "MON"]
SUPPLIER_NAMES = [
    "Công ty TNHH Môi trường Thăng Long",
    "Công ty Cổ phần Cơ khí Sông Hồng",
    "Công ty Thiết bị Xanh",
    "Công ty Bùn Sạch",
]
PLACES = [("Hà Nội", "Phường Cầu Giấy"), ("Hưng Yên", "Phường Phố Hiến"), ("Bắc Ninh", "")]
QUERIES = [
    "máy ép bùn",
    "ep rac",
    "nước thải",
    "thiết bị",
    "bun",
    "may ep bunn",  # a correction: ranked by the vocabulary's document counts
    "máy ép Hưng Yên",  # a place named in the query
    "Thăng Long",
    "",  # no words: the catalogue, newest first (PostgreSQL: from the narrow rows)
]
PREFIXES = ["ma", "bu", "th"]

N = st.integers(min_value=0, max_value=50)  # an index into a current list (modulo its size)
OPERATIONS = st.one_of(
    st.tuples(st.just("create"), N, st.sampled_from(range(len(NAMES))), N),
    st.tuples(st.just("update"), N, st.sampled_from(range(len(NAMES))), N),
    st.tuples(st.just("withdraw"), N),
    st.tuples(st.just("restore"), N),
    st.tuples(st.just("rename"), N, st.sampled_from(range(len(SUPPLIER_NAMES)))),
    st.tuples(st.just("province"), N, st.sampled_from(range(len(PLACES)))),
    st.tuples(st.just("state"), N, st.sampled_from(["suspended", "verified"])),
)


def _settle(app: Flask) -> None:
    """Let committed changes reach the index (the in-process indexer drains them
    after each commit; draining again is a no-op then)."""
    from marketplace.indexing import indexer

    indexer.drain(app)


def _reset(app: Flask, session: Session) -> None:
    """An empty registry (and, see _backends, an empty index): each example starts
    with no history, so a failure replays the same way."""
    for model in (ProductPhoto, ProductSpec, Product, VerificationEvent, Supplier):
        session.execute(delete(model))
    session.commit()
    _settle(app)


def _apply(app: Flask, session: Session, op: tuple) -> None:  # type: ignore[type-arg]
    suppliers = list(session.scalars(select(Supplier).order_by(Supplier.id)))
    products = list(session.scalars(select(Product).order_by(Product.id)))
    kind, i, *rest = op
    if kind == "create":
        _create(session, suppliers[i % len(suppliers)], *rest)
    elif kind == "update" and products:
        product = products[i % len(products)]
        product.name = NAMES[rest[0]]
        product.description = f"{NAMES[rest[1] % len(NAMES)]} {rest[1]}"
        session.commit()
    elif kind in ("withdraw", "restore") and products:
        products[i % len(products)].active = kind == "restore"
        session.commit()
    elif kind == "rename":
        suppliers[i % len(suppliers)].name = SUPPLIER_NAMES[rest[0]]
        session.commit()
    elif kind == "province":
        supplier = suppliers[i % len(suppliers)]
        supplier.province, supplier.commune = PLACES[rest[0]]
        session.commit()
    elif kind == "state":
        state = VerificationState(rest[0])
        set_verification_state(session, suppliers[i % len(suppliers)], state, "official@test")
    _settle(app)


def _create(session: Session, supplier: Supplier, name: int, n: int) -> None:
    factories.make_product(
        session,
        supplier,
        name=f"{NAMES[name]} {n}",
        name_en="",
        category_code=CATEGORIES[name % len(CATEGORIES)],
        local_content_pct=n * 2,
        description=NAMES[(name + 3) % len(NAMES)],
    )


def _answers(backend: SearchBackend) -> list[object]:
    out: list[object] = []
    for text in QUERIES:
        for kind in ("product", "supplier"):
            r = backend.search(Query(text=text, type=kind, per_page=50))
            out.append(
                (text, kind, r.total, [(h.id, h.score) for h in r.hits], r.facets, r.suggestion)
            )
    out += [(prefix, backend.complete(prefix, limit=5)) for prefix in PREFIXES]
    return out


def _assert_same(live: list[object], fresh: list[object]) -> None:
    for got, want in zip(live, fresh, strict=True):
        if len(want) == 2:  # type: ignore[arg-type]
            assert got == want, f"completions differ from a fresh rebuild: {got} != {want}"
            continue
        text, kind, total, hits, facets, suggestion = want  # type: ignore[misc]
        g_text, g_kind, g_total, g_hits, g_facets, g_suggestion = got  # type: ignore[misc]
        where = f"{kind} search {text!r}"
        assert [h for h, _ in g_hits] == [h for h, _ in hits], f"{where}: order differs"
        for (doc_id, g_score), (_, score) in zip(g_hits, hits, strict=True):
            assert math.isclose(g_score, score, rel_tol=1e-6, abs_tol=1e-9), (
                f"{where}: {doc_id} scores {g_score}, a fresh rebuild gives {score}"
            )
        assert (g_total, g_facets, g_suggestion) == (total, facets, suggestion), where


def _backends(app: Flask, folder: Path) -> tuple[SearchBackend, SearchBackend]:
    """(the site's index, emptied; a second index to rebuild from the database). On
    Whoosh both are new directories: Hypothesis seeds `random` alike for every
    example, and Whoosh names segment files with it, so an index reused across
    examples could meet its own file names again."""
    url = str(app.config["SEARCH_URL"])
    if url.startswith("whoosh://"):
        folder.mkdir(parents=True)
        old = app.extensions.pop("search_backend", None)
        if old is not None:
            old.close()
        app.extensions["search_backend"] = open_backend(f"whoosh:///{folder / 'live'}")
        fresh: SearchBackend = open_backend(f"whoosh:///{folder / 'fresh'}")
    else:
        fresh = PostgresBackend(url, table="search_fresh")
        fresh.create_tables()  # type: ignore[attr-defined]
    live = get_backend(app)
    live.rebuild([])
    return live, fresh


def test_search_answers_as_a_fresh_rebuild_whatever_the_history(app, tmp_path):
    """Both engines: SQLite + Whoosh, PostgreSQL + its search tables."""
    examples = iter(range(1000))

    @settings(
        max_examples=20,
        deadline=None,
        # Each example takes a second: report the failing sequence as found (at
        # most ten steps) rather than spend minutes shrinking it.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(ops=st.lists(OPERATIONS, min_size=1, max_size=10))
    def run(ops: list[tuple]) -> None:  # type: ignore[type-arg]
        live, fresh = _backends(app, tmp_path / f"example{next(examples)}")
        with app.app_context(), app.extensions["db_sessionmaker"]() as session:
            _reset(app, session)
            for n in range(3):
                supplier = factories.make_supplier(
                    session,
                    name=SUPPLIER_NAMES[n],
                    province=PLACES[n][0],
                    commune=PLACES[n][1],
                    state=VerificationState.VERIFIED if n else VerificationState.PENDING,
                )
                for k in range(3):
                    _create(session, supplier, (3 * n + k) % len(NAMES), k)
            _settle(app)
            for op in ops:
                _apply(app, session, op)
                services.reindex(session, fresh)
                _assert_same(_answers(live), _answers(fresh))
            drift = live.verify(
                [*documents.iter_product_documents(session), *documents.supplier_documents(session)]
            )
            assert drift.clean, drift
        fresh.close()

    run()
