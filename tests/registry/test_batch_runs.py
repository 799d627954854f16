"""A registry batch keeps the suppliers and products it created as runs of ids, not a
row each: counted and listed; a row that changed or was deleted since shows what the
import wrote (its values with form edits, spec changes, later batches and deletions
undone); a revert names what changed, down to a product's specifications."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from marketplace.accounts.models import Role
from marketplace.imports import batches
from marketplace.imports.models import ImportBatchRow, ImportBatchRun
from marketplace.products import services as products
from marketplace.products.models import Product
from marketplace.registry import services
from marketplace.registry.adapters import product_as_imported, supplier_as_imported
from marketplace.suppliers.models import Supplier
from tests import factories
from tests.factories import valid_tax_code

TAX = valid_tax_code(811)
SUPPLIERS = (
    f"tax_code,name,province,ownership\n{TAX},Công ty CP Môi Trường Sóc Sơn,Hà Nội,domestic\n"
)
PRODUCTS = (
    "supplier_tax_code,sku,name,category,origin,local_content_pct,specs\n"
    f"{TAX},SS-1,Máy ép bùn băng tải,WW,VN,62.5,Công suất: 5 m3/h; Điện áp: 380 V\n"
    f"{TAX},SS-2,Bể tự hoại composite,WW,VN,40,Dung tích: 1500 lít\n"
)


def _load(session, products_csv=PRODUCTS, suppliers_csv=SUPPLIERS):  # type: ignore[no-untyped-def]
    sup = ("s.csv", suppliers_csv.encode()) if suppliers_csv else None
    return services.import_registry(session, sup, ("p.csv", products_csv.encode()))


def _product(session, sku):  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(Product).where(Product.sku == sku))


def _form(product: Product, **changes: str) -> dict[str, str]:
    raw = {
        "sku": product.sku,
        "name": product.name,
        "category": product.category_code,
        "origin": product.origin,
        "local_content_pct": str(product.local_content_pct or ""),
        "specs": "; ".join(f"{s.key}: {s.value}" for s in product.specs),
    }
    return {**raw, **changes}


def test_created_rows_are_runs_and_counted(session):
    report = _load(session)
    runs = session.scalars(select(ImportBatchRun).where(ImportBatchRun.batch_id == report.batch_id))
    assert sorted((r.entity, r.size) for r in runs) == [("product", 2), ("supplier", 1)]
    created = select(func.count()).where(ImportBatchRow.action == "created")
    assert session.scalar(created) == 0
    assert batches.count_batch_rows(session, report.batch_id) == {"created": 3}


def test_a_product_edited_since_shows_and_names_what_the_import_wrote(session):
    report = _load(session)
    official = factories.make_user(session, Role.OFFICIAL)
    product = _product(session, "SS-1")
    supplier = product.supplier
    products.save_product(
        session,
        official,
        supplier,
        _form(product, name="Máy ép bùn mới", specs="Công suất: 8 m3/h"),
        product,
    )
    then = product_as_imported(session, product.id)
    assert then["name"] == "Máy ép bùn băng tải"
    assert then["specs"] == "Công suất: 5 m3/h; Điện áp: 380 V"
    assert str(then["local_content_pct"]) in ("62.5", "62.50")
    assert then["supplier_tax_code"] == TAX
    refused = _refusal(session, report.batch_id)
    assert f"{TAX} / SS-1 (name, specs)" in refused


def test_a_spec_only_edit_blocks_the_revert(session):
    report = _load(session)
    official = factories.make_user(session, Role.OFFICIAL)
    product = _product(session, "SS-2")
    products.save_product(
        session, official, product.supplier, _form(product, specs="Dung tích: 2000 lít"), product
    )
    assert f"{TAX} / SS-2 (specs)" in _refusal(session, report.batch_id)
    assert product_as_imported(session, product.id)["specs"] == "Dung tích: 1500 lít"


def test_a_deleted_product_is_named_with_its_imported_values(session, tmp_path: Path):
    report = _load(session)
    official = factories.make_user(session, Role.OFFICIAL)
    # A product its supplier's state kept unlisted, never published, may be deleted.
    session.execute(update(Product).where(Product.sku == "SS-2").values(published_at=None))
    product = _product(session, "SS-2")
    pk = product.id
    products.delete_product(session, official, product, tmp_path)
    then = product_as_imported(session, pk)
    assert (then["name"], then["specs"]) == ("Bể tự hoại composite", "Dung tích: 1500 lít")
    assert f"{TAX} / SS-2 was deleted" in _refusal(session, report.batch_id)


def test_later_batches_and_their_reverts_are_undone(session):
    report = _load(session)
    later = _load(session, PRODUCTS.replace("62.5", "70").replace("5 m3/h", "6 m3/h"), None)
    pk = _product(session, "SS-1").id
    then = product_as_imported(session, pk)
    assert then["specs"] == "Công suất: 5 m3/h; Điện áp: 380 V"
    assert str(then["local_content_pct"]).startswith("62.5")
    batches.revert_batch(session, None, later.batch_id)
    assert product_as_imported(session, pk)["specs"] == "Công suất: 5 m3/h; Điện áp: 380 V"
    supplier = session.scalar(select(Supplier).where(Supplier.tax_code == TAX))
    assert supplier_as_imported(session, supplier.id)["name"] == "Công ty CP Môi Trường Sóc Sơn"
    # Nothing of the first batch changed since the later one was reverted... but the
    # revert stamped the product: it still names it, with no imported column moved.
    assert "SS-1 (changed since)" in _refusal(session, report.batch_id)


def test_the_batch_page_shows_an_edited_product_as_imported(app, client, session, login_as):
    report = _load(session)
    official = login_as("official")
    product = _product(session, "SS-1")
    products.save_product(
        session, official, product.supplier, _form(product, name="Tên mới"), product
    )
    page = client.get(f"/officials/imports/batches/{report.batch_id}?lang=en").get_data(
        as_text=True
    )
    assert "Máy ép bùn băng tải" in page and "Tên mới" not in page
    assert "changed since (shown as imported)" in page
    assert "Công ty CP Môi Trường Sóc Sơn" in page


def _refusal(session, batch_id: int) -> str:  # type: ignore[no-untyped-def]
    try:
        batches.revert_batch(session, None, batch_id)
    except batches.RevertRefused as exc:
        session.rollback()
        return str(exc)
    raise AssertionError("the revert went through")


def test_the_batch_page_past_its_end_or_with_an_unknown_filter(client, session, login_as):
    report = _load(session)
    login_as("official")
    url = f"/officials/imports/batches/{report.batch_id}"
    past = client.get(url + "?page=99999&lang=en").get_data(as_text=True)
    assert "There is no page 99999: this list has 1 page." in past
    assert "changed no row" not in past
    every = client.get(url + "?action=bogus&lang=en").get_data(as_text=True)
    assert "SS-1" in every and "0100" in every and "changed no row" not in every
    none = client.get(url + "?action=updated&lang=en").get_data(as_text=True)
    assert "This import has no rows of this kind." in none


def test_a_refusal_says_a_product_added_since_would_be_deleted(session):
    first = _load(session)
    later = f"supplier_tax_code,sku,name,category,origin\n{TAX},SS-3,Thùng rác 240 lít,COL,VN\n"
    _load(session, later, suppliers_csv=None)
    with pytest.raises(batches.RevertRefused) as refused:
        batches.revert_batch(session, None, first.batch_id)
    message = str(refused.value.message)
    assert message.startswith("This import cannot be reverted because of 1 row: ")
    assert f"{TAX} / SS-3 (added since: reverting would delete it)" in message


def test_a_long_refusal_names_some_rows_and_counts_the_rest(session):
    refused = batches.RevertRefused([f"row {n}" for n in range(batches.MAX_NAMED_CONFLICTS + 3)])
    message = str(refused.message)
    assert message.startswith("This import cannot be reverted because of 23 rows: row 0; ")
    assert message.endswith("; row 19 and 3 more")
