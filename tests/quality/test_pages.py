"""The officials' pages as they use them: confirm then merge, confirm then undo,
stale and incomplete profiles, the supplier list by verification state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.db import utcnow
from marketplace.products.models import Product
from marketplace.quality.models import SupplierMerge
from marketplace.suppliers.models import Supplier, VerificationState
from tests import factories


def test_merge_is_confirmed_before_it_happens(client, login_as, pair, session):
    login_as("official")
    url = f"/officials/quality/merge?keep={pair.kept.id}&merge={pair.merged.id}&lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Merge CTY MOI TRUONG XANH CO., LTD into Công ty TNHH Môi trường Xanh?" in page
    assert "Products: 2" in page and "Supply records: 1" in page and "Member accounts: 1" in page
    assert session.scalar(select(SupplierMerge.id)) is None
    resp = client.post(url, data={"note": "Cùng MST cũ"})
    merge_id = session.scalar(select(SupplierMerge.id))
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/merges/{merge_id}")
    detail = client.get(resp.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Cùng MST cũ" in detail and "Undo this merge" in detail


def test_merge_page_names_colliding_skus_and_refuses_without_renaming(
    client, login_as, pair, session
):
    factories.make_product(session, pair.kept, sku="B-1")
    login_as("official")
    url = f"/officials/quality/merge?keep={pair.kept.id}&merge={pair.merged.id}&lang=en"
    assert "B-1 (Máy ép bùn)" in client.get(url).get_data(as_text=True)
    page = client.post(url, data={}).get_data(as_text=True)
    assert "Both suppliers have products with these SKUs: B-1 (Máy ép bùn)" in page
    assert session.scalar(select(SupplierMerge.id)) is None
    resp = client.post(url, data={"rename_collisions": "y"})
    assert resp.status_code == 302
    assert session.scalar(select(Product.sku).where(Product.id == pair.products[0].id)) == (
        f"B-1-{pair.merged.tax_code}"
    )


def test_undo_is_confirmed_then_restores(client, login_as, pair, session):
    official = login_as("official")
    from marketplace.quality import merges

    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    url = f"/officials/quality/merges/{merge.id}/undo?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Undo merge #" in page and "Undo the merge" in page
    resp = client.post(url, data={"note": "nhầm"})
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(Supplier, pair.merged.id).state == VerificationState.PENDING
    assert {p.supplier_id for p in session.scalars(select(Product))} == {
        pair.kept.id,
        pair.merged.id,
    }


def test_undo_page_names_what_changed_and_offers_no_button(client, login_as, pair, session):
    official = login_as("official")
    from marketplace.quality import merges

    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    session.get(Product, pair.products[0].id).active = False
    session.get(Product, pair.products[0].id).sku = "B-1-OLD"
    session.commit()
    page = client.get(f"/officials/quality/merges/{merge.id}/undo?lang=en").get_data(as_text=True)
    assert "The merge cannot be undone" in page and "B-1-OLD (Máy ép bùn)" in page
    assert "Undo the merge</button>" not in page
    resp = client.post(f"/officials/quality/merges/{merge.id}/undo?lang=en", data={})
    assert "B-1-OLD" in resp.get_data(as_text=True)
    assert session.get(SupplierMerge, merge.id).undone_at is None


def test_merges_list_shows_each_merge(client, login_as, pair, session):
    official = login_as("official")
    from marketplace.quality import merges

    merges.merge_suppliers(session, official, pair.kept, pair.merged)
    page = client.get("/officials/quality/merges?lang=en").get_data(as_text=True)
    assert pair.merged.tax_code in page and "In force" in page


def test_unknown_suppliers_and_merges_are_404(client, login_as, pair):
    login_as("official")
    assert client.get("/officials/quality/merge?keep=999&merge=1").status_code == 404
    assert client.get("/officials/quality/merges/999").status_code == 404


def test_stale_profiles_are_those_without_any_change_for_a_year(client, login_as, session):
    old = utcnow() - timedelta(days=400)
    stale = factories.make_supplier(session, name="Công ty Cũ")
    revived = factories.make_supplier(session, name="Công ty Có Sản Phẩm Mới")
    factories.make_product(session, revived)
    fresh = factories.make_supplier(session, name="Công ty Mới")
    for s in (stale, revived):
        s.updated_at = old
    session.commit()
    login_as("official")
    page = client.get("/officials/quality/stale?lang=en").get_data(as_text=True)
    assert stale.name in page
    assert revived.name not in page and fresh.name not in page
    assert "1 supplier(s) whose profile and products have not changed for 12 months" in page
    filtered = client.get("/officials/quality/stale?lang=en&state=pending").get_data(as_text=True)
    assert stale.name not in filtered


def test_incomplete_profiles_name_the_missing_fields(client, login_as, session):
    bare = factories.make_supplier(session, name="Công ty Thiếu", email="a@b.vn")
    full = factories.make_supplier(
        session,
        name="Công ty Đủ",
        email="x@y.vn",
        phone="0243826123",
        website="y.vn",
        address="1 Tràng Tiền",
        description="Mô tả",
        certifications="ISO 9001",
    )
    factories.make_product(session, full)
    login_as("official")
    page = client.get("/officials/quality/incomplete?lang=en").get_data(as_text=True)
    assert bare.name in page and full.name not in page
    assert "phone, website, address, description, certifications, no products" in page
    only_email = client.get("/officials/quality/incomplete?lang=en&missing=email")
    assert bare.name not in only_email.get_data(as_text=True)
    assert client.get("/officials/quality/incomplete?missing=colour").status_code == 404


def _hidden_pair(session):
    rejected = factories.make_supplier(
        session, name="Công ty Bị Từ Chối", state=VerificationState.REJECTED
    )
    suspended = factories.make_supplier(
        session, name="Công ty Bị Đình Chỉ", state=VerificationState.SUSPENDED
    )
    return rejected, suspended


def test_the_public_never_lists_rejected_or_suspended_suppliers(client, session):
    rejected, suspended = _hidden_pair(session)
    for url in ("/suppliers/", "/suppliers/?state=rejected", "/suppliers/?state=suspended"):
        page = client.get(url).get_data(as_text=True)
        assert rejected.tax_code not in page and suspended.tax_code not in page
        assert 'name="state"' not in page


def test_officials_filter_suppliers_by_verification_state(client, login_as, session):
    rejected, suspended = _hidden_pair(session)
    login_as("official")
    page = client.get("/suppliers/?state=rejected&lang=en").get_data(as_text=True)
    assert rejected.tax_code in page and suspended.tax_code not in page
    page = client.get("/suppliers/?state=suspended").get_data(as_text=True)
    assert suspended.tax_code in page and rejected.tax_code not in page
    everything = client.get("/suppliers/").get_data(as_text=True)
    assert rejected.tax_code in everything and suspended.tax_code in everything
    assert "verified-suppliers.csv" in everything


def test_stale_page_in_vietnamese(client, login_as):
    login_as("official")
    page = client.get("/officials/quality/stale?lang=vi").get_data(as_text=True)
    assert "Hồ sơ lâu chưa cập nhật" in page


def test_lists_run_a_fixed_number_of_queries_whatever_their_length(app, client, login_as, session):
    from tests.share.records_helpers import statements

    official = login_as("official")
    from marketplace.quality import merges

    def add_pairs(n):
        for i in range(n):
            a = factories.make_supplier(session, name=f"Công ty Lọc Nước Số {i} Alpha", phone=None)
            b = factories.make_supplier(session, name=f"CTY LOC NUOC SO {i} ALPHA JSC", phone=None)
            factories.make_product(session, b)
        return a, b

    a, b = add_pairs(2)
    merges.merge_suppliers(session, official, a, b)
    urls = ["/officials/quality/duplicates", "/officials/quality/merges",
            "/officials/quality/incomplete", "/officials/quality/stale?months=6"]  # fmt: skip
    statements(app, client, urls[0])  # the first request also loads the user
    few = [statements(app, client, u) for u in urls]
    a, b = add_pairs(6)
    merges.merge_suppliers(session, official, a, b)
    assert [statements(app, client, u) for u in urls] == few
