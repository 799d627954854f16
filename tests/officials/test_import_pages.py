"""The officials' upload path: upload → problems (with lines, as CSV) → fixed file →
preview → confirm → result → batch → revert; templates; who may use it."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.imports.models import ImportBatch, ImportUpload
from marketplace.products.models import Product
from marketplace.search_sync import get_backend
from marketplace.suppliers.models import Supplier
from search.base import Query
from tests import factories
from tests.factories import valid_tax_code

TAX = valid_tax_code(701)
SUPPLIERS = (
    f"tax_code,name,province,ownership\n{TAX},Công ty TNHH Lọc Khí Sông Hồng,Hà Nội,domestic\n"
)
PRODUCTS = (
    "supplier_tax_code,sku,name,category,origin,local_content_pct\n"
    f"{TAX},LK-1,Tháp hấp thụ khí thải,AIR,VN,65\n"
    f"{TAX},LK-2,Cyclone lọc bụi,AIR,VN,7.5\n"
)


def _upload(client, suppliers=SUPPLIERS, products=PRODUCTS, lang="en"):
    data = {}
    if suppliers is not None:
        data["suppliers"] = (io.BytesIO(suppliers.encode()), "suppliers.csv")
    if products is not None:
        data["products"] = (io.BytesIO(products.encode()), "products.csv")
    return client.post(
        f"/officials/imports?lang={lang}", data=data, content_type="multipart/form-data"
    )


def _confirm_is_refused(client, url: str) -> None:
    """A confirm the upload's state refuses leads back to its page, saying why."""
    resp = client.post(url + "/confirm?lang=en")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(url)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "This upload cannot be imported: it is " in page


@pytest.fixture
def official(login_as):
    return login_as("official")


def test_upload_with_errors_lists_every_problem_with_its_line(client, official, session):
    bad = PRODUCTS.replace(",AIR,VN,65", ",XYZ,VN,650")
    resp = _upload(client, products=bad)
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Problems found: 2. Nothing was stored." in page
    assert "unknown category code XYZ" in page and "must be between 0 and 100" in page
    errors = client.get(resp.headers["Location"] + "/errors.csv").get_data(as_text=True)
    assert "products.csv,2,category,unknown category code XYZ" in errors
    assert session.scalar(select(Product.id)) is None


def test_preview_then_confirm_imports_and_makes_products_findable(client, app, official, session):
    resp = _upload(client)
    url = resp.headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Ready to import" in page and "Confirm the import" in page
    assert "LK-2" in page and "7.5" in page
    assert session.scalar(select(Product.id)) is None  # preview stored nothing
    confirmed = client.post(url + "/confirm")
    assert confirmed.status_code == 302
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "The import is stored." in page
    batch = session.scalar(select(ImportBatch))
    assert batch.actor_label == official.email and batch.files == "suppliers.csv, products.csv"
    hits = get_backend(app).search(Query(text="tháp hấp thụ"))
    assert hits.total == 1
    _confirm_is_refused(client, url)  # not twice


def test_history_and_batch_name_the_official_with_the_e_mail_under_it(client, official, session):
    client.post(_upload(client).headers["Location"] + "/confirm")
    batch = session.scalar(select(ImportBatch))
    who = f'Nguyễn Văn A<br><span class="small text-body-secondary">{official.email}</span>'
    assert who in client.get("/officials/imports?lang=en").get_data(as_text=True)
    page = client.get(f"/officials/imports/batches/{batch.id}?lang=en").get_data(as_text=True)
    assert who in page
    official.full_name = ""  # no name given: the e-mail alone
    session.commit()
    page = client.get(f"/officials/imports/batches/{batch.id}?lang=en").get_data(as_text=True)
    assert f'<dd class="col-sm-9">{official.email}</dd>' in page


@pytest.mark.parametrize(
    ("lang", "pct", "price"), [("vi", "7,5%", "95.500.000 ₫"), ("en", "7.5%", "95,500,000 ₫")]
)
def test_preview_writes_numbers_as_the_reader_does(client, official, lang, pct, price):
    products = PRODUCTS.replace("local_content_pct\n", "local_content_pct,price_vnd,hs_code\n")
    products = products.replace(",7.5\n", ",7.5,95500000,84212100\n").replace(",65\n", ",65,,\n")
    url = _upload(client, products=products, lang=lang).headers["Location"]
    page = client.get(f"{url}?lang={lang}").get_data(as_text=True)
    assert f"<code>local_content_pct</code>: {pct}</div>" in page
    assert f"<code>price_vnd</code>: {price}</div>" in page
    assert "<code>hs_code</code>: 84212100</div>" in page  # a code, not an amount


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "this is a products file (its columns are those of that template): "
            "give it in the “Products file” field",
        ),
        (
            "vi",
            "đây là tệp sản phẩm (các cột của nó là các cột của mẫu đó): "
            "hãy chọn nó ở ô “Tệp sản phẩm”",
        ),
    ],
)
def test_a_file_in_the_wrong_field_is_named_for_what_it_is(client, official, lang, message):
    url = _upload(client, suppliers=PRODUCTS, products=None, lang=lang).headers["Location"]
    page = client.get(f"{url}?lang={lang}").get_data(as_text=True)
    assert message in page


def test_preview_names_cleared_values(client, official, session):
    assert client.post(_upload(client).headers["Location"] + "/confirm").status_code == 302
    cleared = PRODUCTS.replace(",AIR,VN,65", ",AIR,VN,")
    url = _upload(client, products=cleared).headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Stored values that empty cells will clear: 1." in page
    assert "(cleared)" in page


def test_vietnamese_pages(client, official):
    url = _upload(client, lang="vi").headers["Location"]
    page = client.get(url + "?lang=vi").get_data(as_text=True)
    assert "Xác nhận nhập dữ liệu" in page


def test_revert_is_refused_naming_a_row_changed_since(client, official, session):
    client.post(_upload(client).headers["Location"] + "/confirm")
    batch = session.scalar(select(ImportBatch))
    page = client.get(f"/officials/imports/batches/{batch.id}?lang=en").get_data(as_text=True)
    assert "Revert this import" in page and "LK-1" in page
    product = session.scalar(select(Product).where(Product.sku == "LK-1"))
    product.name = "Tháp hấp thụ (sửa)"
    session.commit()
    resp = client.post(f"/officials/imports/batches/{batch.id}/revert?lang=en")
    page = client.get(resp.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "cannot be reverted" in page and f"{TAX} / LK-1 (name)" in page
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Product)) == 2


def test_revert_of_an_untouched_batch(client, official, session):
    client.post(_upload(client).headers["Location"] + "/confirm")
    batch = session.scalar(select(ImportBatch))
    resp = client.post(f"/officials/imports/batches/{batch.id}/revert?lang=en")
    page = client.get(resp.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "The import was reverted." in page
    session.expire_all()
    assert session.scalar(select(Product.id)) is None
    assert session.get(ImportBatch, batch.id).reverted_at is not None


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_template_files_have_header_and_example(client, official, ext):
    resp = client.get(f"/officials/imports/templates/products.{ext}")
    assert resp.status_code == 200
    if ext == "csv":
        lines = resp.get_data(as_text=True).lstrip("\ufeff").splitlines()
        assert lines[0].startswith("supplier_tax_code,sku,name") and len(lines) == 2
    else:
        ws = load_workbook(io.BytesIO(resp.data)).active
        assert ws["A1"].value == "supplier_tax_code" and ws["A2"].value == "0112345676"


@pytest.mark.parametrize("name", ["suppliers", "products", "supply_records"])
def test_xlsx_templates_keep_typed_codes_as_text(client, official, name):
    """A tax code or HS code typed into a new row keeps its leading zero: the code
    columns are text, for the example row and for the rows a user adds."""
    resp = client.get(f"/officials/imports/templates/{name}.xlsx")
    ws = load_workbook(io.BytesIO(resp.data)).active
    header = [c.value for c in ws[1]]
    codes = {"tax_code", "supplier_tax_code", "sku", "hs_code", "phone", "record_id"}
    assert codes & set(header)
    for i, column in enumerate(header):
        letter = ws.cell(row=1, column=i + 1).column_letter
        wanted = "@" if column in codes else "General"
        assert ws.column_dimensions[letter].number_format == wanted, column
        assert ws.cell(row=2, column=i + 1).number_format == wanted, column


@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_only_officials_reach_the_import_pages(client, login_as, role):
    login_as(role)
    assert client.get("/officials/imports").status_code == 403
    assert _upload(client).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    resp = client.get("/officials/imports")
    assert resp.status_code == 302 and "/account/login" in resp.headers["Location"]


def test_upload_without_a_file_says_so(client, official):
    page = _upload(client, suppliers=None, products=None).get_data(as_text=True)
    assert "Choose a file to import." in page


@pytest.mark.parametrize(
    ("lang", "message"),
    [("vi", "7.555 có hơn hai chữ số thập phân"), ("en", "7.555 has more than two decimals")],
)
def test_problems_are_reported_in_the_ui_language(client, official, lang, message):
    # One language per test: the test client keeps the fixture's app context (and
    # Flask-Babel's cached locale) across requests.
    bad = PRODUCTS.replace(",AIR,VN,65", ",AIR,VN,7.555")
    url = _upload(client, products=bad, lang=lang).headers["Location"]
    assert message in client.get(f"{url}?lang={lang}").get_data(as_text=True)


def test_confirm_after_the_registry_changed_shows_a_new_preview(client, official, session):
    client.post(_upload(client).headers["Location"] + "/confirm")
    product = session.scalar(select(Product).where(Product.sku == "LK-1"))
    product.local_content_pct = 70
    session.commit()
    url = _upload(client).headers["Location"]  # preview: LK-1 back to the file's value
    product.local_content_pct = 80  # changed again while the preview waits
    session.commit()
    client.post(url + "/confirm")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "The registry changed since the preview was made; nothing was stored." in page
    assert "Confirm the import" in page and "<del>80%</del>" in page
    session.expire_all()
    assert session.scalar(select(Product.local_content_pct).where(Product.sku == "LK-1")) == 80
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_an_outdated_preview_that_now_changes_nothing_is_nothing_to_import(
    client, official, session
):
    client.post(_upload(client).headers["Location"] + "/confirm")
    product = session.scalar(select(Product).where(Product.sku == "LK-1"))
    product.local_content_pct = 70
    session.commit()
    url = _upload(client).headers["Location"]  # preview: LK-1 back to 65
    product.local_content_pct = 65  # someone else made the same change meanwhile
    session.commit()
    client.post(url + "/confirm")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert (
        "The registry changed since the preview was made: it now holds what the files say, "
        "so nothing is left to import." in page
    )
    assert "Check the new preview" not in page and "This is what the import will change" not in page
    assert "Confirm the import" not in page
    assert ">Nothing to import</span>" in page
    _confirm_is_refused(client, url)


def _template_with(client, name: str, rows: list[dict[str, str]]) -> bytes:
    """The downloaded CSV template of `name` with `rows` added below its example."""
    content = client.get(f"/officials/imports/templates/{name}.csv?lang=en").data
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    out = io.StringIO()
    csv.DictWriter(out, header, lineterminator="\n").writerows(rows)
    return content + out.getvalue().encode()


def test_template_example_rows_are_left_out_and_rows_added_below_import(client, official, session):
    files = {
        "suppliers": _template_with(
            client,
            "suppliers",
            [
                {
                    "tax_code": TAX,
                    "name": "Công ty TNHH Lọc Khí Sông Hồng",
                    "province": "Hà Nội",
                    "ownership": "domestic",
                }
            ],
        ),
        "products": _template_with(
            client,
            "products",
            [
                {
                    "supplier_tax_code": TAX,
                    "sku": "LK-9",
                    "name": "Tháp hấp thụ",
                    "category": "AIR",
                    "origin": "VN",
                }
            ],
        ),
    }
    data = {k: (io.BytesIO(v), f"{k}.csv") for k, v in files.items()}
    url = client.post(
        "/officials/imports?lang=en", data=data, content_type="multipart/form-data"
    ).headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Ready to import" in page
    assert (
        "2 rows are the templates' examples and were left out: "
        "your own rows go in their place." in page
    )
    for name in ("suppliers", "products"):
        assert (
            f"{name}.csv line 2: the template&#39;s example row, left out "
            "(your own rows go in its place)" in page
        )
    assert "0112345676" not in page.split("Warnings", 1)[0]  # not among the changes
    client.post(url + "/confirm")
    session.expire_all()
    assert session.scalar(select(Supplier.name).where(Supplier.tax_code == "0112345676")) is None
    assert session.scalar(select(Product.sku).where(Product.sku == "LK-9")) == "LK-9"


def test_an_untouched_template_is_nothing_to_import(client, official):
    files = {}
    for name in ("suppliers", "products"):
        content = client.get(f"/officials/imports/templates/{name}.xlsx?lang=vi").data
        files[name] = (io.BytesIO(content), f"{name}.xlsx")
    resp = client.post("/officials/imports?lang=vi", data=files, content_type="multipart/form-data")
    page = client.get(resp.headers["Location"] + "?lang=vi").get_data(as_text=True)
    assert "Không có gì để nhập" in page
    assert "suppliers.xlsx dòng 2:" in page and "products.xlsx dòng 2:" in page
    assert "chỉ có tiêu đề" not in page and "chỉ có dòng tiêu đề" not in page
    assert "Không có gì để nhập: các tệp chỉ có các dòng ví dụ của mẫu." in page


def test_nothing_to_import_offers_no_confirm_and_is_not_in_progress(client, official):
    client.post(_upload(client).headers["Location"] + "/confirm")
    url = _upload(client).headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Nothing to import: every row is stored as the file has it." in page
    assert "Confirm the import" not in page
    assert '<span class="badge status-unchanged' in page and ">Nothing to import</span>" in page
    imports = client.get("/officials/imports?lang=en").get_data(as_text=True)
    assert url.rsplit("/", 1)[1] not in imports  # not listed among the uploads in progress
    _confirm_is_refused(client, url)


def test_report_in_another_language_can_be_checked_again(client, official, session):
    url = _upload(client).headers["Location"]
    upload = session.get(ImportUpload, url.rsplit("/", 1)[1])
    upload.report = {**upload.report, "locale": "vi"}  # checked while browsing in Vietnamese
    session.commit()
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Check the files again in this language" in page
    assert "This report is in Vietnamese, the language chosen when the files were checked." in page
    assert client.post(url + "/recheck").status_code == 302
    session.expire_all()
    assert session.get(ImportUpload, upload.id).report["locale"] == "en"


@pytest.mark.parametrize(("lang", "sep", "heading"), [("vi", ";", "tệp"), ("en", ",", "file")])
def test_the_problems_csv_splits_columns_as_the_readers_spreadsheet_does(
    client, official, lang, sep, heading
):
    """Vietnamese Excel splits a CSV at semicolons (its decimal mark is the comma)."""
    bad = PRODUCTS.replace(",AIR,VN,65", ",XYZ,VN,7,5")
    url = _upload(client, products=bad, lang=lang).headers["Location"]
    text = client.get(url + "/errors.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    assert rows[0][0] == heading and len(rows[0]) == 4
    assert all(len(row) == 4 for row in rows) and rows[1][:3] == ["products.csv", "2", ""]


def test_problems_csv_never_holds_a_live_formula(client, official):
    bad = (
        "tax_code,name,province,ownership,founded_year\n"
        f'{TAX},Công ty TNHH Lọc Khí Sông Hồng,Hà Nội,domestic,"=HYPERLINK(""http://x"",""y"")"\n'
    )
    url = _upload(client, suppliers=bad).headers["Location"]
    text = client.get(url + "/errors.csv").get_data(as_text=True).lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)


def test_a_queue_that_is_down_leaves_the_upload_ready_to_confirm(
    client, official, session, monkeypatch
):
    from marketplace.jobs import services as jobs
    from marketplace.officials import uploads

    url = _upload(client).headers["Location"]

    def down(*args, **kwargs):
        raise jobs.QueueUnavailable("The job could not be started; please try again later.")

    monkeypatch.setattr(uploads, "submit", down)
    assert client.post(url + "/confirm").status_code == 503
    session.expire_all()
    assert session.get(ImportUpload, url.rsplit("/", 1)[1]).status.value == "ready"


def test_a_capped_problem_list_says_so_on_the_page_and_in_the_csv(client, official, monkeypatch):
    from marketplace.imports import report

    monkeypatch.setattr(report, "MAX_LISTED_ERRORS", 2)
    bad = "tax_code,name,province,ownership\n" + "".join(
        f"{n},Công ty {n},Hà Nội,domestic\n" for n in ("1", "2", "3", "4", "5")
    )
    url = _upload(client, suppliers=bad, products=None).headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "the CSV has the first 2 of 5" in page
    text = client.get(url + "/errors.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 2 + 1  # header, the listed problems, what is left out
    assert rows[-1][3] == "3 more problems are not listed: fix these and check the file again."


def test_the_progress_total_counts_rows_not_headers():
    from marketplace.officials import uploads

    files = [("s.csv", b"tax_code\na\nb\n"), ("p.csv", b"sku\nx\ny\nz"), None]
    assert uploads._rows_in(files) == 5
    assert uploads._rows_in([("p.xlsx", b"PK\x03\x04")]) == 0


def test_a_file_over_the_limit_says_the_limit_and_leads_back(make_app, session, login_as):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    factories.sign_in(client, session, factories.make_user(session, Role.OFFICIAL))
    form = client.get("/officials/imports?lang=en").get_data(as_text=True)
    assert "Up to 1 MB in all." in form
    body = b"x" * (2 * 1024 * 1024)  # a raw body: the test client spools form files to disk
    resp = client.post(
        "/officials/imports?lang=en",
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=b",
        content_length=len(body),
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 413
    assert "Files up to 1 MB in all can be uploaded at once." in page
    assert 'href="/officials/imports"' in page and "Back to the form" in page
