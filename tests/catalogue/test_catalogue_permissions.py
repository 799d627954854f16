"""Every catalogue route for every role: anonymous (to the log-in page), a buyer,
staff of supplier A (the owner), staff of supplier B, an official."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.imports.models import ImportBatch, ImportUpload, UploadStatus
from marketplace.officials import uploads
from tests.catalogue.conftest import GOOD, start

ROLES = ["anonymous", "buyer", "staff_a", "staff_b", "official"]
ALLOWED = {"staff_a", "official"}


@pytest.fixture
def world(session, supplier_a, supplier_b):
    """A's committed upload (and its batch), and three ready ones to act on."""
    done, staff = start(session, supplier_a)
    uploads.confirm_upload(session, staff, done.id)
    ready = {
        action: start(session, supplier_a, GOOD.replace("AQ-", f"{action[:2].upper()}-"), staff)[0]
        for action in ("confirm", "recheck", "cancel")
    }
    session.expire_all()
    assert all(u.status == UploadStatus.READY for u in ready.values())
    batch = session.scalar(select(ImportBatch).where(ImportBatch.supplier_id == supplier_a.id))
    return {"done": done.id, "batch": batch.id, **{k: u.id for k, u in ready.items()}}


def _log_in(login_as, role, supplier_a, supplier_b):
    if role == "buyer":
        login_as("buyer")
    elif role == "staff_a":
        login_as("supplier_staff", supplier=supplier_a)
    elif role == "staff_b":
        login_as("supplier_staff", supplier=supplier_b)
    elif role == "official":
        login_as("official")


def _requests(tax: str, w: dict) -> list[tuple[str, str, dict | None, int]]:
    """(method, url, form data, status when allowed)."""
    products = {"products": (io.BytesIO(GOOD.encode()), "products.csv")}
    return [
        ("GET", f"/suppliers/{tax}/catalogue", None, 200),
        ("POST", f"/suppliers/{tax}/catalogue", products, 302),
        ("GET", f"/suppliers/{tax}/catalogue/products.csv", None, 200),
        ("GET", f"/suppliers/{tax}/catalogue/products.xlsx", None, 200),
        ("GET", f"/suppliers/{tax}/catalogue/template.csv", None, 200),
        ("GET", f"/catalogue/uploads/{w['done']}", None, 200),
        ("GET", f"/catalogue/uploads/{w['done']}/errors.csv", None, 200),
        ("GET", f"/catalogue/batches/{w['batch']}", None, 200),
        ("POST", f"/catalogue/uploads/{w['confirm']}/confirm", {}, 302),
        ("POST", f"/catalogue/uploads/{w['recheck']}/recheck", {}, 302),
        ("POST", f"/catalogue/uploads/{w['cancel']}/cancel", {}, 302),
    ]


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ROLES)
def test_catalogue_routes_by_role(client, session, login_as, supplier_a, supplier_b, world, role):
    _log_in(login_as, role, supplier_a, supplier_b)
    for method, url, data, ok in _requests(supplier_a.tax_code, world):
        if method == "GET":
            resp = client.get(url)
        else:
            resp = client.post(url, data=data, content_type="multipart/form-data")
        if role == "anonymous":
            expected = 302
            assert "/account/login" in resp.headers.get("Location", ""), url
        else:
            expected = ok if role in ALLOWED else 403
        assert resp.status_code == expected, (role, method, url, resp.status_code)
    session.expire_all()
    statuses = {u.id: u.status for u in session.scalars(select(ImportUpload))}
    if role in ALLOWED:
        assert statuses[world["confirm"]] == UploadStatus.COMMITTED
        assert statuses[world["cancel"]] == UploadStatus.CANCELLED
    else:  # nothing moved
        assert statuses[world["confirm"]] == UploadStatus.READY
        assert statuses[world["cancel"]] == UploadStatus.READY


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ["staff_a", "staff_b", "buyer"])
def test_staff_never_reach_the_officials_import_pages(
    client, login_as, supplier_a, supplier_b, world, role
):
    _log_in(login_as, role, supplier_a, supplier_b)
    assert client.get("/officials/imports").status_code == 403
    assert client.get(f"/officials/imports/uploads/{world['done']}").status_code == 403
    assert client.get(f"/officials/imports/batches/{world['batch']}").status_code == 403


@pytest.mark.engine_independent
def test_an_official_sees_a_supplier_upload_on_the_officials_pages_too(client, login_as, world):
    login_as("official")
    page = client.get(f"/officials/imports/batches/{world['batch']}?lang=en").get_data(as_text=True)
    assert "Revert this import" in page
    assert client.get(f"/officials/imports/uploads/{world['done']}").status_code == 200


@pytest.mark.engine_independent
def test_a_supplier_catalogue_page_of_an_officials_upload_is_404(client, session, login_as):
    official = login_as("official")
    upload = uploads.start_upload(
        session,
        official,
        "registry",
        {"products": ("p.csv", b"supplier_tax_code,sku,name,category,origin\n")},
    )
    assert client.get(f"/catalogue/uploads/{upload.id}").status_code == 404


def test_officials_registry_uploads_stay_official_only(session, supplier_a):
    from marketplace.accounts.models import Role
    from marketplace.errors import Forbidden
    from tests.factories import make_user

    staff = make_user(session, Role.SUPPLIER_STAFF, supplier=supplier_a)
    with pytest.raises(Forbidden):
        uploads.start_upload(
            session, staff, "registry", {"products": ("p.csv", GOOD.encode())}, supplier_a
        )
