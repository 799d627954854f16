"""Import batches from the command line: recorded with counts, sha256 and each row's
before/after; reverted as a whole; a revert refuses, naming the rows, when they
changed since or when it would take rows the batch did not create."""

import hashlib

from sqlalchemy import func, select

from marketplace.imports.models import ImportBatch, ImportBatchRow
from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier
from tests.factories import valid_tax_code

TAX = valid_tax_code(801)
SUPPLIERS = f"tax_code,name,province,ownership\n{TAX},Công ty CP Tái Chế Đông Anh,Hà Nội,domestic\n"
PRODUCTS = (
    "supplier_tax_code,sku,name,category,origin,price_vnd\n"
    f"{TAX},TC-1,Máy nghiền nhựa,REC,VN,120000000\n"
    f"{TAX},TC-2,Máy rửa nhựa,REC,VN,90000000\n"
)


def _write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path / name)


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["registry", *args])


def _import(app, tmp_path, products=PRODUCTS):
    result = _cli(
        app, "import", _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "p.csv", products)
    )
    assert result.exit_code == 0, result.output
    return result


def test_import_records_a_batch_with_before_and_after(app, session, tmp_path):
    first = _import(app, tmp_path)
    assert "Import batch #1" in first.output
    _import(app, tmp_path, PRODUCTS.replace("120000000", "125000000"))
    batch = session.get(ImportBatch, 2)
    assert batch.actor_label == "command line" and batch.files == "s.csv, p.csv"
    digest = hashlib.sha256((tmp_path / "p.csv").read_bytes()).hexdigest()
    assert batch.sha256.endswith(digest)
    assert batch.counts["product"] == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    (row,) = session.scalars(select(ImportBatchRow).where(ImportBatchRow.batch_id == 2))
    assert (row.key, row.before, row.after) == (
        f"{TAX} / TC-1",
        {"price_vnd": 120000000},
        {"price_vnd": 125000000},
    )
    listing = _cli(app, "batches").output
    assert "#2" in listing and "#1" in listing


def test_revert_restores_updated_values(app, session, tmp_path):
    _import(app, tmp_path)
    _import(app, tmp_path, PRODUCTS.replace("120000000", "125000000"))
    result = _cli(app, "revert", "2", "--yes")
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.scalar(select(Product.price_vnd).where(Product.sku == "TC-1")) == 120000000
    again = _cli(app, "revert", "2", "--yes")
    assert again.exit_code == 1 and "already reverted" in again.output


def test_revert_of_the_first_batch_deletes_what_it_created(app, session, tmp_path):
    _import(app, tmp_path)
    assert _cli(app, "revert", "1", "--yes").exit_code == 0
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Supplier)) == 0
    assert session.scalar(select(func.count()).select_from(Product)) == 0


def test_revert_refuses_naming_rows_changed_since(app, session, tmp_path):
    _import(app, tmp_path)
    _import(app, tmp_path, PRODUCTS.replace("Máy rửa nhựa", "Máy rửa nhựa PET"))
    result = _cli(app, "revert", "1", "--yes")
    assert result.exit_code == 1
    assert f"{TAX} / TC-2 (name)" in result.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Product)) == 2  # nothing reverted


def test_revert_refuses_to_take_rows_it_did_not_create(app, session, tmp_path):
    _import(app, tmp_path)
    more = f"supplier_tax_code,sku,name,category,origin\n{TAX},TC-3,Máy ép kiện,REC,VN\n"
    result = _cli(
        app, "import", _write(tmp_path, "s.csv", SUPPLIERS), _write(tmp_path, "m.csv", more)
    )
    assert result.exit_code == 0
    refused = _cli(app, "revert", "1", "--yes")
    assert refused.exit_code == 1 and f"{TAX} / TC-3" in refused.output


def test_dry_run_prints_changes_and_stores_nothing(app, session, tmp_path):
    result = _cli(
        app,
        "import",
        "--dry-run",
        _write(tmp_path, "s.csv", SUPPLIERS),
        _write(tmp_path, "p.csv", PRODUCTS),
    )
    assert result.exit_code == 0
    assert f"would create product {TAX} / TC-1 (line 2)" in result.output
    assert "Dry run: nothing was stored." in result.output
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0
    assert session.scalar(select(func.count()).select_from(Supplier)) == 0


def test_revert_refuses_when_a_created_supplier_was_verified_or_edited_since(
    app, session, tmp_path
):
    from marketplace.suppliers.models import VerificationState
    from marketplace.suppliers.services import set_verification_state

    _cli(app, "import", _write(tmp_path, "s.csv", SUPPLIERS))
    supplier = session.scalar(select(Supplier))
    set_verification_state(session, supplier, VerificationState.VERIFIED, "official@so.vn", "ok")
    refused = _cli(app, "revert", "1", "--yes")
    assert refused.exit_code == 1 and f"{TAX} (verified or decided since)" in refused.output
    assert session.scalar(select(func.count()).select_from(Supplier)) == 1


def test_revert_refuses_when_a_created_product_changed_in_another_column(app, session, tmp_path):
    _import(app, tmp_path)
    product = session.scalar(select(Product).where(Product.sku == "TC-1"))
    product.active = False  # withdrawn on the web: not a column of the file
    session.commit()
    refused = _cli(app, "revert", "1", "--yes")
    assert refused.exit_code == 1 and f"{TAX} / TC-1 (changed since)" in refused.output


def test_a_later_product_with_an_id_like_the_supplier_is_not_deleted(app, session, tmp_path):
    from tests.factories import make_product

    _cli(app, "import", _write(tmp_path, "s.csv", SUPPLIERS))  # supplier id 1
    supplier = session.scalar(select(Supplier))
    make_product(session, supplier, sku="HAND-1")  # product id 1, added by hand
    refused = _cli(app, "revert", "1", "--yes")
    assert refused.exit_code == 1 and f"{TAX} / HAND-1" in refused.output
    assert session.scalar(select(func.count()).select_from(Product)) == 1
