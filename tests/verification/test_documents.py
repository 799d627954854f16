"""Documents: checked by content, bounded in size, stored privately, served to the
supplier's staff and officials only unless made public."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.verification import documents
from marketplace.verification.models import DocumentKind, VerificationDocument
from tests import factories
from tests.factories import make_supplier
from tests.verification.helpers import pdf_bytes, png_bytes


def _upload(client, supplier, data: bytes, name: str, **fields):  # type: ignore[no-untyped-def]
    form = {"kind": "registration", "number": "0101-ĐKKD", "file": (io.BytesIO(data), name)}
    form.update(fields)
    return client.post(
        f"/suppliers/{supplier.tax_code}/verification",
        data=form,
        content_type="multipart/form-data",
    )


def _staff(session, supplier):  # type: ignore[no-untyped-def]
    return factories.make_user(session, Role.SUPPLIER_STAFF, supplier=supplier)


def _add(session, supplier, kind=DocumentKind.BUSINESS_REGISTRATION, public=False):  # type: ignore[no-untyped-def]
    fields = documents.DocumentFields(kind, "Sở KH&ĐT", "0101", None, public)
    return documents.add_document(
        session, _staff(session, supplier), supplier, "gcn.pdf", pdf_bytes(), fields
    )


def _docs(session):  # type: ignore[no-untyped-def]
    return session.scalars(select(VerificationDocument)).all()


@pytest.mark.parametrize(
    ("data", "name", "ctype"),
    [
        (pdf_bytes(), "dkkd.pdf", "application/pdf"),
        (png_bytes(), "iso.png", "image/png"),
    ],
)
def test_a_valid_pdf_or_png_is_stored_privately_under_a_random_name(
    app, client, session, login_as, data, name, ctype
):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    response = _upload(client, supplier, data, name)
    assert response.status_code == 302
    doc = _docs(session)[0]
    assert doc.content_type == ctype and doc.title == name and doc.public is False
    stored = Path(app.config["DOCUMENTS_FOLDER"]) / doc.stored_name
    assert stored.read_bytes() == data
    assert name not in doc.stored_name
    assert "static" not in str(stored)
    served = client.get(f"/verification/documents/{doc.id}")
    assert served.status_code == 200 and served.data == data and served.mimetype == ctype
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()


def test_a_renamed_executable_is_refused(client, session, login_as):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = _upload(client, supplier, exe, "dkkd.pdf")
    assert response.status_code == 422
    assert "Tệp không phải là PDF hay ảnh PNG, JPEG." in response.get_data(as_text=True)
    assert _docs(session) == []


def test_a_file_that_only_starts_like_a_pdf_is_refused(client, session, login_as):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    response = _upload(client, supplier, b"%PDF-1.7\nnot really", "dkkd.pdf")
    assert response.status_code == 422
    assert "Tệp PDF bị hỏng" in response.get_data(as_text=True)


def test_a_huge_file_is_refused(make_app, session):
    app = make_app(MAX_DOCUMENT_BYTES=1024)
    client = app.test_client()
    with app.app_context(), new_session(app) as s:
        supplier = factories.make_supplier(s, state="pending")
        user = factories.make_user(s, Role.SUPPLIER_STAFF, supplier=supplier)
        factories.sign_in(client, s, user)
    response = _upload(client, supplier, pdf_bytes() + b"%" * 2048, "big.pdf")
    assert response.status_code == 422
    assert "Tệp lớn hơn" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["anonymous", "buyer", "other_staff"])
def test_a_private_document_is_not_found_for_others(client, session, login_as, role):
    supplier = make_supplier(session, state="verified")
    doc = _add(session, supplier)
    if role == "buyer":
        login_as("buyer")
    elif role == "other_staff":
        login_as("supplier_staff", supplier=make_supplier(session))
    response = client.get(f"/verification/documents/{doc.id}")
    assert response.status_code == 404
    profile = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert f"/verification/documents/{doc.id}" not in profile


def test_a_public_document_shows_on_the_profile_for_everyone(app, client, session, login_as):
    supplier = make_supplier(session, state="verified")
    doc = _add(session, supplier, kind=DocumentKind.ISO, public=True)
    profile = client.get(f"/suppliers/{supplier.tax_code}").get_data(as_text=True)
    assert f"/verification/documents/{doc.id}" in profile and "Giấy chứng nhận ISO" in profile
    served = client.get(f"/verification/documents/{doc.id}")
    assert served.status_code == 200
    served.close()
    # Hidden again: gone for the public.
    documents.set_public(session, _staff(session, supplier), doc.id, False)
    assert client.get(f"/verification/documents/{doc.id}").status_code == 404


def test_staff_hide_and_show_a_document(client, session, login_as):
    supplier = make_supplier(session, state="verified")
    doc = _add(session, supplier)
    login_as("supplier_staff", supplier=supplier)
    response = client.post(
        f"/verification/documents/{doc.id}/public", data={"public": "1"}, follow_redirects=True
    )
    assert "Tài liệu đã được hiển thị trên hồ sơ công khai của bạn." in response.get_data(
        as_text=True
    )
    session.refresh(doc)
    assert doc.public is True


def test_staff_remove_a_document_and_its_file(app, client, session, login_as):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    _upload(client, supplier, png_bytes(), "co.png", kind="co_cq")
    doc = _docs(session)[0]
    stored = Path(app.config["DOCUMENTS_FOLDER"]) / doc.stored_name
    assert stored.exists()
    response = client.post(f"/verification/documents/{doc.id}/delete", follow_redirects=True)
    assert "Đã xóa tài liệu." in response.get_data(as_text=True)
    session.expire_all()
    assert _docs(session) == [] and not stored.exists()


def test_a_document_with_expiry_issuer_and_number_is_listed(client, session, login_as):
    supplier = make_supplier(session, state="pending")
    login_as("supplier_staff", supplier=supplier)
    _upload(
        client,
        supplier,
        pdf_bytes(),
        "iso.pdf",
        kind="iso",
        issuer="Bureau Veritas",
        number="VN-ISO-14001",
        expires_on="2030-05-31",
    )
    html = client.get(f"/suppliers/{supplier.tax_code}/verification").get_data(as_text=True)
    assert "Bureau Veritas" in html and "VN-ISO-14001" in html
    doc = _docs(session)[0]
    assert str(doc.expires_on) == "2030-05-31"


def test_a_documents_title_is_clean_and_ends_in_its_real_type():
    from marketplace.verification.documents import document_title

    assert document_title('a"b<script>.pdf', ".pdf") == "a b script.pdf"
    assert document_title("x.pdf.exe", ".pdf") == "x.pdf.exe.pdf"
    assert document_title("noext", ".png") == "noext.png"
    assert document_title("C:\\Giấy tờ\\GCN ĐKKD.PDF", ".pdf") == "GCN ĐKKD.pdf"
    assert document_title("scan.jpeg", ".jpg") == "scan.jpg"
    long = document_title("x" * 300 + ".pdf", ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
