"""The updating rules of interfaces.md: an absent column leaves stored values alone,
an empty cell clears, numbers are exact or refused, NFC text, semicolon CSV, SKU
rules, the unchanged count, dry runs, and error messages that name the real cause."""

import unicodedata
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from marketplace.products.models import Product
from marketplace.suppliers.models import Supplier
from tests.factories import valid_tax_code

TAX = valid_tax_code(601)
FULL_SUPPLIER = (
    "tax_code,name,name_en,province,commune,address,website,email,phone,ownership,"
    "founded_year,employees,description,description_en,certifications\n"
    f"{TAX},Công ty TNHH Nước Sạch,Clean Water Co,Hà Nội,phường Cầu Giấy,12 Trần Thái Tông,"
    "https://nuocsach.vn,info@nuocsach.vn,024 3778 4117,domestic,2005,120,Sản xuất máy,"
    "Makes machines,ISO 9001;ISO 14001\n"
)
FULL_PRODUCT = (
    "supplier_tax_code,sku,name,name_en,category,description,description_en,origin,"
    "local_content_pct,hs_code,price_vnd,specs\n"
    f"{TAX},MEB-1,Máy ép bùn,Sludge press,WW-SLU,Mô tả,Description,VN,75,84212100,"
    "95.500.000,công suất: 5 m3/h\n"
)


def _file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["registry", "import", *args])


def _supplier(session):
    session.expire_all()
    return session.scalar(select(Supplier).where(Supplier.tax_code == TAX))


def _product(session):
    session.expire_all()
    return session.scalar(select(Product).where(Product.sku == "MEB-1"))


@pytest.fixture
def stored(app, session, tmp_path):
    result = _run(
        app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", FULL_PRODUCT)
    )
    assert result.exit_code == 0, result.output
    return result


def test_supplier_file_with_only_required_columns_erases_nothing(app, session, tmp_path, stored):
    minimal = f"tax_code,name,province,ownership\n{TAX},Công ty TNHH Nước Sạch,Hà Nội,domestic\n"
    result = _run(app, _file(tmp_path, "min.csv", minimal))
    assert "Suppliers: 0 created, 0 updated, 1 unchanged" in result.output
    s = _supplier(session)
    assert (s.website, s.email, s.phone, s.commune) == (
        "https://nuocsach.vn",
        "info@nuocsach.vn",
        "02437784117",
        "Phường Cầu Giấy",
    )
    assert (s.description, s.description_en, s.certifications, s.employees) == (
        "Sản xuất máy",
        "Makes machines",
        "ISO 9001;ISO 14001",
        120,
    )


def test_product_file_with_five_columns_erases_nothing(app, session, tmp_path, stored):
    five = f"supplier_tax_code,sku,name,category,origin\n{TAX},MEB-1,Máy ép bùn,WW-SLU,VN\n"
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p5.csv", five))
    assert "Products: 0 created, 0 updated, 1 unchanged" in result.output
    p = _product(session)
    assert (p.local_content_pct, p.hs_code, p.price_vnd, p.category_code) == (
        Decimal(75),
        "84212100",
        95_500_000,
        "WW-SLU",
    )
    assert p.specs_text == "công suất: 5 m3/h"


def test_present_empty_cell_clears_the_value(app, session, tmp_path, stored):
    text = (
        "supplier_tax_code,sku,name,category,origin,local_content_pct,specs\n"
        f"{TAX},MEB-1,Máy ép bùn,WW-SLU,VN,,\n"
    )
    result = _run(
        app, "--dry-run", _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text)
    )
    assert (
        "would update product" in result.output
        and "local_content_pct: 75 → (empty)" in result.output
    )
    assert _product(session).local_content_pct == Decimal(75)  # dry run stored nothing
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert "Products: 0 created, 1 updated, 0 unchanged" in result.output
    p = _product(session)
    assert p.local_content_pct is None and p.specs_text == ""
    assert p.price_vnd == 95_500_000  # absent column: untouched


def test_xlsx_partial_columns_erase_nothing(app, session, tmp_path, stored):
    wb = Workbook()
    ws = wb.active
    ws.append(["tax_code", "name", "province", "ownership"])
    ws.append([TAX, "Công ty TNHH Nước Sạch", "Hà Nội", "domestic"])
    wb.save(tmp_path / "min.xlsx")
    assert _run(app, str(tmp_path / "min.xlsx")).exit_code == 0
    assert _supplier(session).website == "https://nuocsach.vn"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("7.5", Decimal("7.5")),
        ("7,5", Decimal("7.5")),
        ("0,5", Decimal("0.5")),
        ("33.33", Decimal("33.33")),
        ("100", Decimal(100)),
    ],
)
def test_local_content_is_read_exactly(app, session, tmp_path, cell, expected):
    text = (
        "supplier_tax_code,sku,name,category,origin,local_content_pct\n"
        f'{TAX},MEB-1,Máy ép bùn,WW-SLU,VN,"{cell}"\n'
    )
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert result.exit_code == 0, result.output
    assert _product(session).local_content_pct == expected


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("local_content_pct", "7.555", "7.555 has more than two decimals"),
        ("local_content_pct", "150", "must be between 0 and 100"),
        ("price_vnd", "1.5", "1.5: VND amounts are whole numbers"),
        ("price_vnd", "1,50", "1,50: VND amounts are whole numbers"),
        ("price_vnd", "abc", "abc is not a number"),
    ],
)
def test_bad_numbers_are_refused_naming_the_row(app, session, tmp_path, column, cell, message):
    text = f'supplier_tax_code,sku,name,category,origin,{column}\n{TAX},MEB-1,Máy,WW,VN,"{cell}"\n'
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert result.exit_code == 1
    assert f"p.csv line 2, {column}: {message}" in result.output
    assert _supplier(session) is None  # all or nothing


def test_grouped_vnd_and_integers(app, session, tmp_path):
    head = "supplier_tax_code,sku,name,category,origin,price_vnd\n"
    text = head + f'{TAX},MEB-1,Máy,WW,VN,"95,500,000"\n'
    assert (
        _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text)).exit_code
        == 0
    )
    assert _product(session).price_vnd == 95_500_000
    bad = FULL_SUPPLIER.replace(",2005,120,", ",2005,7.5,")
    result = _run(app, _file(tmp_path, "s2.csv", bad))
    assert "s2.csv line 2, employees: 7.5 is not a whole number" in result.output


def test_xlsx_percent_cell_means_its_percentage(app, session, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["supplier_tax_code", "sku", "name", "category", "origin", "local_content_pct", "price_vnd"]
    )
    ws.append([TAX, "MEB-1", "Máy", "WW", "VN", 0.5, 95500000])
    ws["F2"].number_format = "0%"
    ws.append([TAX, "MEB-2", "Máy 2", "WW", "VN", 7.5, 1200000.0])
    wb.save(tmp_path / "p.xlsx")
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), str(tmp_path / "p.xlsx"))
    assert result.exit_code == 0, result.output
    session.expire_all()
    got = dict(session.execute(select(Product.sku, Product.local_content_pct)).tuples().all())
    assert got == {"MEB-1": Decimal(50), "MEB-2": Decimal("7.5")}


def test_semicolon_csv_from_vietnamese_excel(app, session, tmp_path):
    text = FULL_SUPPLIER.replace(",", ";").replace("ISO 9001;ISO 14001", '"ISO 9001;ISO 14001"')
    result = _run(app, _file(tmp_path, "s.csv", text))
    assert result.exit_code == 0, result.output
    assert _supplier(session).certifications == "ISO 9001;ISO 14001"


def test_text_is_stored_nfc(app, session, tmp_path):
    decomposed = unicodedata.normalize("NFD", FULL_SUPPLIER)
    assert _run(app, _file(tmp_path, "s.csv", decomposed)).exit_code == 0
    name = _supplier(session).name
    assert name == "Công ty TNHH Nước Sạch" and unicodedata.is_normalized("NFC", name)


def test_nine_digit_tax_code_gets_the_leading_zero_hint(app, tmp_path):
    text = FULL_SUPPLIER.replace(TAX, TAX[1:])
    result = _run(app, _file(tmp_path, "s.csv", text))
    assert "a spreadsheet may have dropped its leading zero" in result.output


def test_zero_serial_is_not_called_a_check_digit_error(app, tmp_path):
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER.replace(TAX, "0100000000")))
    assert "has a zero serial number" in result.output
    assert "check digit" not in result.output


def test_product_of_a_failed_supplier_row_names_that_row(app, tmp_path):
    bad = FULL_SUPPLIER.replace(",domestic,", ",state_owned,")
    result = _run(app, _file(tmp_path, "s.csv", bad), _file(tmp_path, "p.csv", FULL_PRODUCT))
    assert "s.csv line 2, ownership" in result.output
    assert (
        f"p.csv line 2, supplier_tax_code: supplier {TAX}: its row in s.csv (line 2) has errors"
        in result.output
    )
    assert "neither in the registry" not in result.output


@pytest.mark.parametrize("sku", ["a/b", ".", "..", "x" * 65])
def test_sku_that_cannot_form_a_url_is_refused(app, tmp_path, sku):
    text = f"supplier_tax_code,sku,name,category,origin\n{TAX},{sku},Máy,WW,VN\n"
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert "p.csv line 2, sku: may hold only letters, digits and - _ ." in result.output


def test_sku_matches_without_regard_to_case(app, session, tmp_path, stored):
    text = f"supplier_tax_code,sku,name,category,origin\n{TAX},meb-1,Máy ép bùn mới,WW-SLU,VN\n"
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert "Products: 0 created, 1 updated" in result.output
    assert _product(session).name == "Máy ép bùn mới"


def test_sku_check_holds_in_the_database(session):
    from sqlalchemy.exc import IntegrityError

    from tests.factories import make_supplier

    supplier = make_supplier(session)
    session.add(Product(supplier=supplier, sku="a/b", name="x", category_code="WW", origin="VN"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_duplicate_of_a_row_with_other_errors_is_reported_too(app, tmp_path):
    text = (
        "supplier_tax_code,sku,name,category,origin,price_vnd\n"
        f"{TAX},P-1,Máy,WW,VN,1.5\n"
        f"{TAX},P-2,Máy,WW,VN,\n"
        f"{TAX},p-1,Máy,WW,VN,\n"
    )
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), _file(tmp_path, "p.csv", text))
    assert "p.csv line 2, price_vnd" in result.output
    assert "p.csv line 4, sku: product p-1 of" in result.output
    assert "already appears on line 2" in result.output


def test_a_row_with_too_many_values_does_not_hide_the_other_problems(app, tmp_path):
    bad_sup = FULL_SUPPLIER.rstrip("\n") + ",extra\n"
    bad_prod = FULL_PRODUCT.replace(",WW-SLU,", ",XYZ,")
    result = _run(app, _file(tmp_path, "s.csv", bad_sup), _file(tmp_path, "p.csv", bad_prod))
    assert "s.csv line 2: 16 values for 15 columns" in result.output
    assert "p.csv line 2, category: unknown category code XYZ" in result.output


def test_english_province_spelling_and_email_message(app, session, tmp_path):
    text = FULL_SUPPLIER.replace(",Hà Nội,", ",Hanoi,").replace("info@nuocsach.vn", "info@")
    result = _run(app, _file(tmp_path, "s.csv", text))
    assert "province" not in result.output
    assert "email: info@ is not an e-mail address such as info@example.vn" in result.output


def test_xlsx_percent_sign_shown_as_text_is_not_a_percentage(app, session, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["supplier_tax_code", "sku", "name", "category", "origin", "local_content_pct"])
    ws.append([TAX, "MEB-1", "Máy", "WW", "VN", 0.5])
    ws["F2"].number_format = '0.0"%"'  # shows 0.5%: the number is the percentage
    wb.save(tmp_path / "p.xlsx")
    result = _run(app, _file(tmp_path, "s.csv", FULL_SUPPLIER), str(tmp_path / "p.xlsx"))
    assert result.exit_code == 0, result.output
    assert _product(session).local_content_pct == Decimal("0.5")
