"""The demo data set's supply records: loaded through the share import, figures for
every year, and `demo load --if-empty` idempotent."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from marketplace.demo import generator, supply
from marketplace.imports.models import ImportBatch
from marketplace.share import cells, measure
from marketplace.share.models import SupplyRecord

BANDED = ("WW", "AIR", "COL", "REC", "MON")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_demo_records_load_as_an_import_batch(session: Session) -> None:
    loaded = generator.load(session, n_suppliers=12)
    assert loaded.supply is not None
    created = loaded.supply.count("supply_record").created
    assert created == _count(session, SupplyRecord) > 1500
    kinds = session.scalars(select(ImportBatch.kind)).all()
    assert "share" in kinds
    assert cells.differences(session) == []


def test_every_year_has_figures_for_the_banded_categories(session: Session) -> None:
    generator.load(session, n_suppliers=12)
    for year in supply.YEARS:
        figures = {f.code: f for f in measure.api_figures(session, year, "origin")}
        for code in BANDED:
            figure = figures[code]
            assert figure.share is not None, (year, code)
            assert not figure.thin, (year, code)
            assert figure.status in {"below", "within", "above"}
        assert figures["SVC"].status == "no_target"
    mon = measure.api_figures(session, 2026, "origin")[4]
    assert mon.code == "MON" and 15 < mon.share_pct < 25  # type: ignore[operator]


def test_records_link_only_to_the_registry_present(session: Session) -> None:
    suppliers, products = generator.build(12)
    rows = supply.build_records(suppliers, products, generator.SEED + 2)
    taxes = {s["tax_code"] for s in suppliers}
    skus = {(p["supplier_tax_code"], p["sku"]) for p in products}
    linked = [r for r in rows if r["supplier_tax_code"]]
    assert linked and all(r["supplier_tax_code"] in taxes for r in linked)
    assert all((r["supplier_tax_code"], r["sku"]) in skus for r in linked if r["sku"])
    assert all(int(r["value_vnd"]) % 1000 == 0 for r in rows)  # type: ignore[call-overload]
    assert {r["source"] for r in rows} == {"procurement", "installation", "survey"}
    # Deterministic, and the values do not depend on the registry's size.
    again = supply.build_records(*generator.build(30), generator.SEED + 2)
    assert [r["value_vnd"] for r in again] == [r["value_vnd"] for r in rows]
    assert rows == supply.build_records(suppliers, products, generator.SEED + 2)


def test_load_if_empty_twice_adds_nothing(app: Flask, session: Session) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load", "--suppliers", "12", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "supply records" in first.output
    records, batches = _count(session, SupplyRecord), _count(session, ImportBatch)
    again = runner.invoke(args=["demo", "load", "--suppliers", "12", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "not loaded" in again.output
    session.expire_all()
    assert (_count(session, SupplyRecord), _count(session, ImportBatch)) == (records, batches)


def test_if_empty_gives_an_older_demo_registry_its_records(app: Flask, session: Session) -> None:
    generator.load(session, n_suppliers=12)
    session.execute(delete(SupplyRecord))
    cells.rebuild(session)
    session.commit()
    runner = app.test_cli_runner()
    out = runner.invoke(args=["demo", "load", "--suppliers", "12", "--if-empty"])
    assert out.exit_code == 0, out.output
    session.expire_all()
    assert _count(session, SupplyRecord) > 1500
    assert cells.differences(session) == []
