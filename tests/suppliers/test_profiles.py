import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.suppliers.models import Supplier
from tests.factories import make_supplier, make_user, valid_tax_code

PROFILE = {
    "name": "Công ty TNHH Thiết bị Môi trường Sông Hồng",
    "name_en": "Song Hong Environmental Equipment Co., Ltd.",
    "ownership": "domestic",
    "province": "Hà Nội",
    "commune": "phuong cau giay",
    "address": "Số 1 Trần Duy Hưng",
    "website": "https://songhong.vn",
    "email": "lienhe@songhong.vn",
    "phone": "024 3778 4117",
    "founded_year": "2010",
    "employees": "45",
    "description": "Chế tạo máy ép bùn.",
    "description_en": "",
    "certifications": "ISO 9001; ISO 14001",
}


def test_supplier_staff_creates_a_pending_profile(client, session, login_as):
    user = login_as("supplier_staff")
    tax = valid_tax_code()
    response = client.post("/suppliers/new", data={**PROFILE, "tax_code": tax})
    assert response.headers["Location"].endswith(f"/suppliers/{tax}")
    supplier = session.scalar(select(Supplier).where(Supplier.tax_code == tax))
    assert supplier.state.value == "pending"
    assert supplier.commune == "Phường Cầu Giấy"
    assert supplier.phone == "02437784117"
    session.refresh(user)
    assert user.supplier_id == supplier.id
    html = client.get(f"/suppliers/{tax}").get_data(as_text=True)
    assert "Chờ xác minh" in html and "✓ Đã xác minh" not in html


def test_wrong_check_digit_is_reported_on_the_field(client, login_as):
    login_as("supplier_staff")
    html = client.post("/suppliers/new", data={**PROFILE, "tax_code": "0104903568"}).get_data(
        as_text=True
    )
    assert "mã số thuế 0104903568 sai chữ số kiểm tra" in html


def test_commune_must_belong_to_the_province(client, login_as):
    login_as("supplier_staff")
    html = client.post(
        "/suppliers/new",
        data={**PROFILE, "tax_code": valid_tax_code(), "commune": "Phường Không Có"},
    ).get_data(as_text=True)
    assert "không phải là xã/phường của Hà Nội" in html


def test_a_registered_tax_code_cannot_be_taken_again(client, session, login_as):
    existing = make_supplier(session)
    login_as("supplier_staff")
    html = client.post("/suppliers/new", data={**PROFILE, "tax_code": existing.tax_code}).get_data(
        as_text=True
    )
    assert "Doanh nghiệp có mã số thuế này đã được đăng ký." in html


@pytest.mark.parametrize("role", ["buyer", "official"])
def test_only_supplier_staff_create_profiles(client, login_as, role):
    login_as(role)
    assert (
        client.post("/suppliers/new", data={**PROFILE, "tax_code": valid_tax_code()}).status_code
        == 403
    )


def test_staff_edit_their_own_profile(client, session, login_as):
    supplier = make_supplier(session)
    login_as("supplier_staff", supplier=supplier)
    response = client.post(
        f"/suppliers/{supplier.tax_code}/edit",
        data={**PROFILE, "name": "Tên mới", "tax_code": "0000000000"},
    )
    assert response.status_code == 302
    session.refresh(supplier)
    assert supplier.name == "Tên mới"
    assert supplier.tax_code != "0000000000"


@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_other_users_cannot_edit_a_profile(client, session, login_as, role):
    supplier = make_supplier(session)
    other = make_supplier(session, name="Đối thủ")
    login_as(role, supplier=other if role == "supplier_staff" else None)
    assert client.get(f"/suppliers/{supplier.tax_code}/edit").status_code == 403
    assert (
        client.post(
            f"/suppliers/{supplier.tax_code}/edit", data={**PROFILE, "name": "Bị sửa"}
        ).status_code
        == 403
    )
    session.refresh(supplier)
    assert supplier.name != "Bị sửa"


def test_anonymous_visitors_are_sent_to_log_in(client, session):
    supplier = make_supplier(session)
    response = client.get(f"/suppliers/{supplier.tax_code}/edit")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_officials_may_edit_any_profile(client, session, login_as):
    supplier = make_supplier(session)
    login_as("official")
    assert (
        client.post(
            f"/suppliers/{supplier.tax_code}/edit", data={**PROFILE, "name": "Sửa bởi Sở"}
        ).status_code
        == 302
    )


def test_only_verified_suppliers_show_the_badge(client, session):
    verified = make_supplier(session, name="Đã duyệt")
    pending = make_supplier(session, name="Chưa duyệt", state="pending")
    assert "✓ Đã xác minh" in client.get(f"/suppliers/{verified.tax_code}").get_data(as_text=True)
    html = client.get(f"/suppliers/{pending.tax_code}").get_data(as_text=True)
    assert "✓ Đã xác minh" not in html and "Chờ xác minh" in html


def test_suspended_suppliers_are_not_public(client, session):
    supplier = make_supplier(session, state="suspended")
    assert client.get(f"/suppliers/{supplier.tax_code}").status_code == 404


def test_verify_cli_records_history(app, session):
    supplier = make_supplier(session, state="pending")
    official = make_user(session, Role.OFFICIAL)
    result = app.test_cli_runner().invoke(
        args=[
            "officials",
            "verify",
            supplier.tax_code,
            "--as",
            official.email,
            "--note",
            "hồ sơ đầy đủ",
        ]
    )
    assert result.exit_code == 0, result.output
    session.expire_all()
    supplier = session.get(Supplier, supplier.id)
    assert supplier.state.value == "verified"
    assert [(e.from_state, e.to_state, e.note, e.actor_id) for e in supplier.events] == [
        ("pending", "verified", "hồ sơ đầy đủ", official.id)
    ]


def test_verify_cli_names_an_unknown_tax_code(app, session):
    official = make_user(session, Role.OFFICIAL)
    result = app.test_cli_runner().invoke(
        args=["officials", "verify", "0100000000", "--as", official.email]
    )
    assert result.exit_code != 0 and "0100000000" in result.output


def test_supplier_directory_filters_by_province(client, session):
    make_supplier(session, name="Ở Hà Nội")
    make_supplier(session, name="Ở Bắc Ninh", province="Bắc Ninh", commune=None)
    html = client.get("/suppliers/?province=Bắc Ninh").get_data(as_text=True)
    assert "Ở Bắc Ninh" in html and "Ở Hà Nội" not in html


def test_a_buyer_asking_for_their_company_is_told_they_have_none(client, session, login_as):
    login_as("buyer")
    response = client.get("/suppliers/mine", follow_redirects=True)
    assert response.status_code == 200
    assert "Tài khoản của bạn không thuộc doanh nghiệp nào." in response.get_data(as_text=True)
