"""`share import` and the officials' upload of supply records: every bad row reported,
all or nothing, idempotent by record_id, absent columns untouched, batches reverted,
aggregates always equal to the records."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.imports import batches
from marketplace.imports.report import ImportFailed
from marketplace.registry.services import import_registry
from marketplace.share import cells, services
from marketplace.share.models import SupplyRecord
from tests.share.conftest import HEADER, csv_file, fixture_rows


def _errors(exc: ImportFailed) -> dict[tuple[int, str | None], str]:
    return {(e.line, e.column): e.message for e in exc.report.errors}


def _count(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count(SupplyRecord.id)))


def _ww_2025(client) -> dict:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/share?year=2025&method=local_content").get_json()
    return {c["code"]: c for c in body["categories"]}["WW"]


def test_every_bad_row_is_reported_and_nothing_is_stored(session, registry, load):
    tax = registry["tax"]
    rows = [
        "OK1,2025,WW,1000000,VN,,,,,",
        "B1,2025,XYZ,1000000,VN,,,,,",
        "B2,2025,WW,0,VN,,,,,",
        "B3,2025,WW,-5000,VN,,,,,",
        'B4,2025,WW,"1,5",VN,,,,,',
        "B5,2025,WW,1000000,XX,,,,,",
        "B6,2025,WW,1000000,VN,101,,,,",
        "B7,2025,WW,1000000,VN,7.555,,,,",
        "B8,2025,WW,1000000,VN,,0100109106,,,",
        f"B9,2025,WW,1000000,VN,,{tax},NOPE,,",
        "B10,1999,WW,1000000,VN,,,,,",
        "B11,2099,WW,1000000,VN,,,,,",
        "B12,2025,WW,1000000,VN,,,P1,,",
        "OK1,2025,AIR,1000000,VN,,,,,",
        "B13,2025,WW,1000000,VN,,,,,gift",
    ]
    with pytest.raises(ImportFailed) as failed:
        load(*rows)
    errors = _errors(failed.value)
    assert "unknown category code XYZ" in errors[(3, "category")]
    assert "more than 0" in errors[(4, "value_vnd")]
    assert "more than 0" in errors[(5, "value_vnd")]
    assert "whole numbers" in errors[(6, "value_vnd")]
    assert "XX is not an ISO 3166-1 alpha-2" in errors[(7, "origin")]
    assert "between 0 and 100" in errors[(8, "local_content_pct")]
    assert "more than two decimals" in errors[(9, "local_content_pct")]
    assert "not in the registry" in errors[(10, "supplier_tax_code")]
    assert "has no product NOPE" in errors[(11, "sku")]
    assert "year 1999 is outside 2000" in errors[(12, "year")]
    assert "year 2099 is outside" in errors[(13, "year")]
    assert "needs the supplier_tax_code" in errors[(14, "sku")]
    assert "already appears on line 2" in errors[(15, "record_id")]
    assert "unknown source gift" in errors[(16, "source")]
    assert len(errors) == 14
    assert failed.value.report.count("supply_record").rejected == 14
    assert _count(session) == 0


def test_a_file_with_one_bad_row_stores_nothing(session, registry, load):
    rows = [*fixture_rows(registry["tax"]), "BAD,2025,WW,0,VN,,,,,"]
    with pytest.raises(ImportFailed):
        load(*rows)
    assert _count(session) == 0
    assert session.scalar(select(func.count()).select_from(cells.CELLS)) == 0


def test_a_file_that_cannot_be_read_on_stores_nothing_and_reports_the_rows_before(
    session, registry, load
):
    # Good rows first: new records go to the table while later rows are checked, so
    # this proves the unreadable end takes them back out.
    huge = "x" * (5 * 1024 * 1024)
    rows = [*fixture_rows(registry["tax"]), "BAD,2025,WW,0,VN,,,,,", f"H1,2025,WW,1,VN,,,,{huge},"]
    with pytest.raises(ImportFailed) as failed:
        load(*rows)
    errors = _errors(failed.value)
    bad_line = len(rows)  # the header is line 1
    assert "more than 0" in errors[(bad_line, "value_vnd")]
    assert "longer than 4 MB" in errors[(bad_line + 1, None)]
    assert _count(session) == 0
    assert session.scalar(select(func.count()).select_from(cells.CELLS)) == 0


def test_unknown_and_missing_columns_are_refused(session, load):
    with pytest.raises(ImportFailed) as failed:
        load("X,2025,WW,1,VN,1", header="record_id,year,category,value_vnd,origin,colour")
    assert "colour" in str(failed.value.report.errors[0])
    with pytest.raises(ImportFailed) as failed:
        load("X,2025,WW", header="record_id,year,category")
    assert "value_vnd" in str(failed.value.report.errors[0])


def test_reimport_is_idempotent_and_reports_unchanged(session, registry, load):
    rows = fixture_rows(registry["tax"])
    first = load(*rows)
    assert first.count("supply_record").created == 10
    again = load(*rows)
    counts = again.count("supply_record")
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 10)
    assert _count(session) == 10
    assert cells.differences(session) == []


def test_absent_columns_are_untouched_and_empty_cells_clear(client, session, registry, load):
    load(*fixture_rows(registry["tax"]))
    before = _ww_2025(client)
    # Only the required columns: the links, local content, buyer and source stay.
    load("W2,2025,WW-SLU,333333333,VN", header="record_id,year,category,value_vnd,origin")
    w2 = services.record_fields(
        session, session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W2"))
    )
    assert (w2["sku"], w2["source"]) == ("P1", "installation")
    assert _ww_2025(client) == before
    # Present and empty: W1's own content is cleared, so VN counts 100%.
    load(
        "W1,2025,WW,1000000000,VN,",
        header="record_id,year,category,value_vnd,origin,local_content_pct",
    )
    assert _ww_2025(client)["domestic_value_vnd"] == before["domestic_value_vnd"] + 445_000_000
    assert cells.differences(session) == []


def test_moving_a_record_to_another_supplier_without_a_sku_column_drops_the_product(
    session, registry, load
):
    from tests import factories

    other = factories.make_supplier(session, tax_code=factories.valid_tax_code(4343))
    load(*fixture_rows(registry["tax"]))
    load(
        f"W2,2025,WW-SLU,333333333,VN,{other.tax_code}",
        header="record_id,year,category,value_vnd,origin,supplier_tax_code",
    )
    pk = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W2"))
    w2 = services.record_fields(session, pk)
    assert (w2["supplier_tax_code"], w2["sku"]) == (other.tax_code, None)
    assert cells.differences(session) == []


def test_reverting_a_batch_restores_the_figures(client, session, registry, load):
    load(*fixture_rows(registry["tax"]))
    before = _ww_2025(client)
    report = load("W1,2025,WW,2000000000,DE,10,,,,", "W9,2025,WW-SLU,5000000,VN,,,,,")
    assert _ww_2025(client) != before
    batches.revert_batch(session, None, report.batch_id)
    assert _ww_2025(client) == before
    assert _count(session) == 10
    assert cells.differences(session) == []


def test_a_revert_refuses_when_a_record_changed_since(session, official, registry, load):
    report = load(*fixture_rows(registry["tax"]))
    pk = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "A2"))
    fields = services.record_fields(session, pk)
    raw = {**{k: str(v) if v is not None else "" for k, v in fields.items()}, "category": "AIR"}
    services.update_record(session, official, pk, {**raw, "value_vnd": "300000001"})
    with pytest.raises(batches.RevertRefused, match="A2"):
        batches.revert_batch(session, None, report.batch_id)


def test_a_registry_revert_refuses_to_delete_products_that_records_name(session, load):
    from tests.factories import valid_tax_code

    tax = valid_tax_code(5151)
    sup = (
        "suppliers.csv",
        f"tax_code,name,province,ownership\n{tax},Công ty A,Hà Nội,domestic\n".encode(),
    )
    prod = (
        "products.csv",
        f"supplier_tax_code,sku,name,category,origin\n{tax},Q1,Máy ép bùn,WW-SLU,VN\n".encode(),
    )
    reg = import_registry(session, sup, prod)
    load(f"R1,2025,WW,1000000,VN,,{tax},Q1,,")
    with pytest.raises(batches.RevertRefused, match="has supply records"):
        batches.revert_batch(session, None, reg.batch_id)


def test_cli_import_reports_rows_and_dry_run_stores_nothing(app, session, registry, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_file(*fixture_rows(registry["tax"]))[1])
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["share", "import", "--dry-run", str(path)])
    assert dry.exit_code == 0, dry.output
    assert "would create supply_record W1" in dry.output and _count(session) == 0
    done = runner.invoke(args=["share", "import", str(path)])
    assert "Supply records: 10 created, 0 updated, 0 unchanged, 0 rejected." in done.output
    path.write_text(HEADER + "\nX,2025,WW,0,VN,,,,,\n")
    bad = runner.invoke(args=["share", "import", str(path)])
    assert bad.exit_code == 1 and "line 2" in bad.output and "value_vnd" in bad.output
    check = runner.invoke(args=["share", "check"])
    assert "match" in check.output


def test_officials_upload_supply_records_on_the_web(client, session, login_as, registry):
    login_as("official")
    data = {"records": (io.BytesIO(csv_file(*fixture_rows(registry["tax"]))[1]), "records.csv")}
    resp = client.post("/officials/imports?lang=en", data=data, content_type="multipart/form-data")
    assert resp.status_code == 302
    url = resp.headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Ready to import" in page and "W1" in page
    assert _count(session) == 0
    assert client.post(url + "/confirm").status_code == 302
    assert _count(session) == 10
    assert "Supply records" in client.get("/officials/imports?lang=en").get_data(as_text=True)
    template = client.get("/officials/imports/templates/supply_records.csv")
    assert template.status_code == 200 and b"record_id,year,category" in template.data


@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_only_officials_upload_records(client, login_as, role):
    login_as(role)
    data = {"records": (io.BytesIO(b"record_id\n"), "records.csv")}
    resp = client.post("/officials/imports", data=data, content_type="multipart/form-data")
    assert resp.status_code == 403


def test_a_revert_refuses_when_the_record_moved_to_another_supplier_since(
    session, official, registry, load
):
    from tests import factories

    tax = registry["tax"]
    factories.make_product(session, registry["s1"], sku="Y1")
    s2 = factories.make_supplier(session, tax_code=factories.valid_tax_code(4444))
    factories.make_product(session, s2, sku="Y1")
    load(f"L1,2025,WW,1000000,VN,,{tax},P1,,")
    changed = load(f"L1,2025,WW,1000000,VN,,{tax},Y1,,")
    pk = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "L1"))
    raw = {k: "" if v is None else str(v) for k, v in services.record_fields(session, pk).items()}
    raw["category"] = raw.pop("category_code")
    services.update_record(session, official, pk, {**raw, "supplier_tax_code": s2.tax_code})
    # Reverting would give L1 the pair (S2, P1) that never existed: refused, named.
    with pytest.raises(batches.RevertRefused, match="L1"):
        batches.revert_batch(session, None, changed.batch_id)


def test_the_form_stores_text_as_nfc_like_an_import(session, official, load):
    import unicodedata

    load("HĐ-Ợ1,2025,WW,1000000,VN,,,,,")
    decomposed = unicodedata.normalize("NFD", "HĐ-Ợ1")
    with pytest.raises(InvalidInput) as refused:
        services.create_record(
            session,
            official,
            {
                "record_id": decomposed,
                "year": "2025",
                "category": "WW",
                "value_vnd": "5",
                "origin": "VN",
            },
        )
    assert "already used" in refused.value.errors["record_id"]


def test_a_file_with_a_header_only_says_it_has_no_rows(client, login_as):
    login_as("official")
    data = {"records": (io.BytesIO((HEADER + "\n").encode()), "records.csv")}
    url = client.post(
        "/officials/imports?lang=en", data=data, content_type="multipart/form-data"
    ).headers["Location"]
    assert "the file has a header but no rows" in client.get(url + "?lang=en").get_data(
        as_text=True
    )
