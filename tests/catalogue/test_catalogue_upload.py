"""A supplier's own catalogue through the officials' upload flow: scoped to the
company (another tax code is a row error naming the line; the column may be left
out; no suppliers file), preview, confirm, batches of its own, download back."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.errors import InvalidInput
from marketplace.imports.models import ImportBatch, ImportUpload, UploadStatus
from marketplace.officials import uploads
from marketplace.products.models import Product
from marketplace.registry.services import import_registry
from tests.catalogue.conftest import GOOD, post_catalogue, start
from tests.factories import make_product


def _products(session, supplier):
    session.expire_all()
    return {
        p.sku: p for p in session.scalars(select(Product).where(Product.supplier_id == supplier.id))
    }


def test_staff_upload_preview_confirm_without_the_tax_code_column(
    client, session, login_as, supplier_a, supplier_b
):
    staff = login_as("supplier_staff", supplier=supplier_a)
    resp = post_catalogue(client, supplier_a.tax_code)
    assert resp.status_code == 302
    url = resp.headers["Location"]
    assert "/catalogue/uploads/" in url
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Ready to import" in page and "Confirm the import" in page
    assert "AQ-2" in page and f"{supplier_a.tax_code} / AQ-1" in page
    assert _products(session, supplier_a) == {}  # the preview stored nothing
    assert client.post(url + "/confirm").status_code == 302
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "The import is stored." in page and "See your products on your profile" in page
    mine = _products(session, supplier_a)
    assert set(mine) == {"AQ-1", "AQ-2"} and mine["AQ-1"].price_vnd == 120_000_000
    # B's product of the same SKU is untouched.
    assert _products(session, supplier_b)["AQ-1"].name == "Sản phẩm của B"
    batch = session.scalar(select(ImportBatch))
    assert batch.supplier_id == supplier_a.id and batch.actor_label == staff.email
    profile = client.get(f"/suppliers/{supplier_a.tax_code}").get_data(as_text=True)
    assert "Bể lọc sinh học hiếu khí" in profile


def test_a_row_of_another_supplier_is_an_error_naming_its_line(
    client, session, login_as, supplier_a, supplier_b
):
    login_as("supplier_staff", supplier=supplier_a)
    text = (
        "supplier_tax_code,sku,name,category,origin\n"
        f"{supplier_a.tax_code},AQ-1,Bể lọc,WW,VN\n"
        f",AQ-3,Ô trống: của chính công ty,WW,VN\n"
        f"{supplier_b.tax_code},AQ-1,Đổi tên sản phẩm của B,WW,VN\n"
    )
    url = post_catalogue(client, supplier_a.tax_code, text).headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Problems found: 1. Nothing was stored." in page
    message = (
        f"this file may only hold products of {supplier_a.tax_code} (your company); "
        f"this row names {supplier_b.tax_code}"
    )
    assert message in page
    errors = client.get(url + "/errors.csv").get_data(as_text=True)
    assert f"products.csv,4,supplier_tax_code,{message}" in errors
    assert _products(session, supplier_a) == {}
    assert _products(session, supplier_b)["AQ-1"].name == "Sản phẩm của B"


def test_the_row_error_in_vietnamese(client, login_as, supplier_a, supplier_b):
    login_as("supplier_staff", supplier=supplier_a)
    text = f"supplier_tax_code,sku,name,category,origin\n{supplier_b.tax_code},X,Tên,WW,VN\n"
    url = post_catalogue(client, supplier_a.tax_code, text, lang="vi").headers["Location"]
    page = client.get(url + "?lang=vi").get_data(as_text=True)
    assert f"tệp này chỉ được chứa sản phẩm của {supplier_a.tax_code}" in page


def test_a_suppliers_file_is_not_accepted(client, session, login_as, supplier_a):
    login_as("supplier_staff", supplier=supplier_a)
    suppliers = f"tax_code,name,province,ownership\n{supplier_a.tax_code},Tên mới,Hà Nội,domestic\n"
    resp = post_catalogue(
        client,
        supplier_a.tax_code,
        extra={"suppliers": (io.BytesIO(suppliers.encode()), "suppliers.csv")},
    )
    assert resp.status_code == 200
    assert "Only your products file can be uploaded here, not a suppliers file." in resp.get_data(
        as_text=True
    )
    assert session.scalar(select(ImportUpload.id)) is None


def test_the_service_refuses_a_suppliers_file_too(session, supplier_a):
    with pytest.raises(InvalidInput):
        import_registry(session, ("s.csv", b"tax_code\n"), None, owner=supplier_a)


def test_a_file_without_rows_or_of_the_wrong_type(client, login_as, supplier_a):
    login_as("supplier_staff", supplier=supplier_a)
    page = post_catalogue(client, supplier_a.tax_code, "x", name="products.txt").get_data(
        as_text=True
    )
    assert "Only .csv and .xlsx files can be imported." in page


def test_reimporting_the_downloaded_catalogue_changes_nothing(
    client, session, login_as, supplier_a
):
    make_product(session, supplier_a, sku="Z-9", name='=HYPERLINK("http://x","y")')
    login_as("supplier_staff", supplier=supplier_a)
    resp = client.get(f"/suppliers/{supplier_a.tax_code}/catalogue/products.csv")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].endswith(f'products-{supplier_a.tax_code}.csv"')
    text = resp.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["sku"] for r in rows] == ["Z-9"]
    assert rows[0]["name"].startswith("'=HYPERLINK")  # never a live formula
    url = post_catalogue(client, supplier_a.tax_code, text).headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Nothing to import: every row is stored as the file has it." in page


def test_the_catalogue_downloads_as_xlsx_with_only_its_products(
    client, session, login_as, supplier_a, supplier_b
):
    make_product(session, supplier_a, sku="A-1", name="+cmd")
    login_as("supplier_staff", supplier=supplier_a)
    resp = client.get(f"/suppliers/{supplier_a.tax_code}/catalogue/products.xlsx")
    sheet = load_workbook(io.BytesIO(resp.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("supplier_tax_code", "sku", "name")
    assert [r[1] for r in rows[1:]] == ["A-1"]
    assert rows[1][0] == supplier_a.tax_code and rows[1][2] == "+cmd"
    assert sheet.cell(2, 3).data_type == "s"  # text, not a formula


def test_staff_see_only_their_own_batches(client, session, login_as, supplier_a, supplier_b):
    own, a_staff = start(session, supplier_a)
    uploads.confirm_upload(session, a_staff, own.id)
    other, b_staff = start(session, supplier_b, GOOD.replace("AQ-", "BQ-"))
    uploads.confirm_upload(session, b_staff, other.id)
    import_registry(  # an official's registry-wide import
        session,
        None,
        (
            "products.csv",
            f"supplier_tax_code,sku,name,category,origin\n{supplier_a.tax_code},"
            "OFF-1,Nhập bởi cán bộ,WW,VN\n".encode(),
        ),
    )
    session.expire_all()
    batches = {b.supplier_id: b for b in session.scalars(select(ImportBatch))}
    login_as("supplier_staff", supplier=supplier_a)
    page = client.get(f"/suppliers/{supplier_a.tax_code}/catalogue?lang=en").get_data(as_text=True)
    assert f'/catalogue/batches/{batches[supplier_a.id].id}"' in page
    assert f'/catalogue/batches/{batches[supplier_b.id].id}"' not in page
    assert f'/catalogue/batches/{batches[None].id}"' not in page
    assert client.get(f"/catalogue/batches/{batches[supplier_a.id].id}").status_code == 200
    assert client.get(f"/catalogue/batches/{batches[supplier_b.id].id}").status_code == 403
    assert client.get(f"/catalogue/batches/{batches[None].id}").status_code == 403
    assert client.get(f"/catalogue/uploads/{other.id}").status_code == 403


def test_the_navigation_leads_staff_to_their_catalogue(client, login_as, supplier_a):
    login_as("supplier_staff", supplier=supplier_a)
    resp = client.get("/catalogue")
    assert resp.headers["Location"].endswith(f"/suppliers/{supplier_a.tax_code}/catalogue")
    page = client.get(resp.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "No catalogue import yet." in page


def test_required_columns_are_those_of_products_csv_less_the_tax_code(session, supplier_a):
    upload, _staff = start(session, supplier_a, "sku,name\nX,Tên\n")
    assert upload.status == UploadStatus.INVALID
    text = " ".join(e["message"] for e in upload.report["errors"])
    assert "category" in text and "origin" in text and "supplier_tax_code" not in text


def test_the_template_carries_the_suppliers_own_tax_code(client, login_as, supplier_a):
    login_as("supplier_staff", supplier=supplier_a)
    text = client.get(f"/suppliers/{supplier_a.tax_code}/catalogue/template.csv").get_data(
        as_text=True
    )
    header, example = text.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("supplier_tax_code,sku,name")
    assert example.startswith(f"{supplier_a.tax_code},")
