"""A large registry import writes its new products while it still reads its products
file (registry/stream.py). Forced here for small files and on both engines
(production streams on PostgreSQL only): it stores what the usual
path stores and reports what a dry run reports; a bad row anywhere, a stale
preview or a failed write leaves nothing behind; re-imports and a supplier's own
catalogue work the same way."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.imports import batches
from marketplace.imports.models import ImportBatch
from marketplace.imports.report import ImportFailed, PreviewOutdated
from marketplace.indexing.models import IndexOutbox
from marketplace.products.models import Product, ProductSpec
from marketplace.registry import adapters, services, stream
from marketplace.suppliers.models import Supplier
from tests.factories import valid_tax_code

TAXES = [valid_tax_code(900 + i) for i in range(3)]
HEADER = "supplier_tax_code,sku,name,category,origin,local_content_pct,specs\n"


def _suppliers() -> bytes:
    rows = [f"{t},Công ty Môi trường số {i},Hà Nội,domestic" for i, t in enumerate(TAXES)]
    return ("tax_code,name,province,ownership\n" + "\n".join(rows) + "\n").encode()


def _products(n: int = 60, extra: str = "") -> bytes:
    rows = [
        f"{TAXES[i % 3]},P-{i},Máy thổi khí {i},WW,VN,{i % 90}.5,Công suất: {i} kW; Điện áp: 380 V"
        for i in range(n)
    ]
    return (HEADER + "\n".join(rows) + "\n" + extra).encode()


@pytest.fixture(autouse=True)
def streamed(monkeypatch):  # type: ignore[no-untyped-def]
    """Every products file streams, and we know it did."""
    seen: list[int] = []
    real = stream.ProductStream.offer

    def offer(self, row):  # type: ignore[no-untyped-def]
        seen.append(1)
        real(self, row)

    monkeypatch.setattr(stream, "STREAM_MIN_ROWS", 0)
    monkeypatch.setattr(stream, "STREAM_ENGINES", ("postgresql", "sqlite"))
    monkeypatch.setattr(stream.ProductStream, "offer", offer)
    return seen


def _load(session, products: bytes, suppliers: bytes | None = None, **kw):  # type: ignore[no-untyped-def]
    sup = ("s.csv", suppliers) if suppliers else None
    return services.import_registry(session, sup, ("p.csv", products), **kw)


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_streamed_import_stores_and_reports_what_the_usual_path_does(session, streamed):
    preview = _load(session, _products(), _suppliers(), dry_run=True)
    assert not streamed  # a dry run writes nothing, so it never streams
    report = _load(session, _products(), _suppliers())
    assert len(streamed) == 60
    assert report.digest() == preview.digest()
    assert report.counts["product"].created == 60 and report.counts["supplier"].created == 3
    assert _count(session, Product) == 60 and _count(session, ProductSpec) == 120
    p7 = session.scalar(select(Product).where(Product.sku == "P-7"))
    assert (p7.name, str(p7.local_content_pct), p7.published_at is not None) == (
        "Máy thổi khí 7",
        "7.5",
        True,
    )
    assert [(s.key, s.value) for s in p7.specs] == [("Công suất", "7 kW"), ("Điện áp", "380 V")]
    assert batches.count_batch_rows(session, report.batch_id) == {"created": 63}
    assert _count(session, IndexOutbox) == 63


def test_a_re_import_streams_only_new_products(session, streamed):
    _load(session, _products(), _suppliers())
    streamed.clear()
    changed = _products(61).replace(b"M\xc3\xa1y th\xe1\xbb\x95i kh\xc3\xad 5,", b"Bom 5,")
    report = _load(session, changed)
    assert report.counts["product"].as_dict() == {
        "created": 1,
        "updated": 1,
        "unchanged": 59,
        "rejected": 0,
    }
    assert _count(session, Product) == 61
    assert session.scalar(select(Product.name).where(Product.sku == "P-5")) == "Bom 5"
    assert session.scalar(select(Product.name).where(Product.sku == "P-60")) == "Máy thổi khí 60"


@pytest.mark.parametrize(
    "extra",
    [
        f"{TAXES[0]},P-LATE,,WW,VN,,\n",  # a required cell empty, last row
        f"{TAXES[0]},P-3,Trùng mã,WW,VN,,\n",  # a key seen before, written already
        f"{valid_tax_code(999)},P-X,Không có nhà cung cấp,WW,VN,,\n",  # supplier unknown
    ],
)
def test_a_bad_row_after_written_ones_leaves_nothing(session, extra):
    dry = None
    try:
        _load(session, _products(extra=extra), _suppliers(), dry_run=True)
    except ImportFailed as exc:
        dry = exc.report
    with pytest.raises(ImportFailed) as failed:
        _load(session, _products(extra=extra), _suppliers())
    assert dry is not None
    assert [str(e) for e in failed.value.report.errors] == [str(e) for e in dry.errors]
    assert failed.value.report.counts["supplier"].as_dict() == dry.counts["supplier"].as_dict()
    assert failed.value.report.changes == dry.changes
    for model in (Supplier, Product, ProductSpec, ImportBatch, IndexOutbox):
        assert _count(session, model) == 0


def test_a_stale_preview_leaves_nothing(session):
    with pytest.raises(PreviewOutdated):
        _load(session, _products(), _suppliers(), expect="0" * 64)
    assert _count(session, Product) == 0 and _count(session, Supplier) == 0


def test_a_failed_write_is_raised_and_leaves_nothing(session, monkeypatch):
    def broken(*_args, **_kw):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(adapters, "insert_specs", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _load(session, _products(), _suppliers())
    assert _count(session, Product) == 0 and _count(session, Supplier) == 0


def test_a_suppliers_own_catalogue_streams_too(session, streamed):
    _load(session, _products(3), _suppliers())
    owner = session.scalar(select(Supplier).where(Supplier.tax_code == TAXES[0]))
    streamed.clear()
    mine = (HEADER.replace("supplier_tax_code,", "") + "Q-1,Bơm định lượng,WW,VN,50,\n").encode()
    report = services.import_catalogue(session, ("c.csv", mine), owner)
    assert streamed and report.counts["product"].created == 1
    q1 = session.scalar(select(Product).where(Product.sku == "Q-1"))
    assert q1.supplier_id == owner.id
