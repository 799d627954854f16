"""Merge moves exactly what belongs to the duplicate, and undo moves it back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.errors import Conflict, Forbidden, InvalidInput
from marketplace.products.models import Product
from marketplace.quality import merges
from marketplace.quality.models import SupplierMerge
from marketplace.search_sync import get_backend
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import Supplier, VerificationEvent, VerificationState
from search.base import Query
from tests import factories


def _state(session, pair):
    """Everything a merge touches, read back by fresh queries."""
    session.expire_all()
    return {
        "products": sorted(
            session.execute(select(Product.id, Product.supplier_id, Product.sku)).tuples()
        ),
        "records": sorted(
            session.execute(select(SupplyRecord.id, SupplyRecord.supplier_id)).tuples()
        ),
        "member": session.get(type(pair.member), pair.member.id).supplier_id,
        "events": sorted(
            session.execute(
                select(VerificationEvent.id, VerificationEvent.supplier_id).where(
                    VerificationEvent.id == pair.event.id
                )
            ).tuples()
        ),
        "states": sorted(session.execute(select(Supplier.id, Supplier.state)).tuples()),
    }


def test_merge_moves_products_records_members_and_history(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged, note="same MST")
    session.expire_all()
    kept_id = pair.kept.id
    assert {p.supplier_id for p in session.scalars(select(Product))} == {kept_id}
    assert session.get(SupplyRecord, pair.record.id).supplier_id == kept_id
    assert session.get(type(pair.member), pair.member.id).supplier_id == kept_id
    assert session.get(VerificationEvent, pair.event.id).supplier_id == kept_id
    assert session.get(Supplier, pair.merged.id).state == VerificationState.SUSPENDED
    assert merge.moved["products"][0]["sku"] == "B-1"
    assert merge.moved["supply_records"] == [pair.record.id]


def test_merge_is_audited(session, pair, official):
    merges.merge_suppliers(session, official, pair.kept, pair.merged, note="same MST")
    actions = {(e.entity_id, e.action, e.note) for e in session.scalars(select(AuditEvent))}
    assert (str(pair.merged.id), "merged", "same MST") in actions
    assert (str(pair.kept.id), "absorbed", "same MST") in actions


def test_merge_and_undo_update_the_search_index(app, session, pair, official):
    def hits(kind):
        found = get_backend(app).search(Query(text="", type=kind, per_page=50)).hits
        return {(h.id, h.supplier) for h in found}

    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    assert (f"product:{pair.products[0].id}", pair.kept.tax_code) in hits("product")
    assert f"supplier:{pair.merged.id}" not in {h for h, _ in hits("supplier")}
    merges.undo_merge(session, official, merge.id)
    assert (f"product:{pair.products[0].id}", pair.merged.tax_code) in hits("product")
    assert f"supplier:{pair.merged.id}" in {h for h, _ in hits("supplier")}


def test_merge_then_undo_restores_exactly(session, pair, official):
    before = _state(session, pair)
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    assert _state(session, pair) != before
    merges.undo_merge(session, official, merge.id, note="wrong pair")
    assert _state(session, pair) == before
    session.expire_all()
    assert session.get(SupplierMerge, merge.id).undone_at is not None
    assert "merge_undone" in {e.action for e in session.scalars(select(AuditEvent))}


def test_sku_collision_is_refused_naming_the_products(session, pair, official):
    factories.make_product(session, pair.kept, sku="b-1")  # same SKU, other case
    with pytest.raises(Conflict) as exc:
        merges.merge_suppliers(session, official, pair.kept, pair.merged)
    assert "B-1 (Máy ép bùn)" in exc.value.message
    session.rollback()
    assert session.get(Supplier, pair.merged.id).state == VerificationState.PENDING


def test_sku_collision_renamed_on_request_and_restored_by_undo(session, pair, official):
    factories.make_product(session, pair.kept, sku="B-1")
    before = _state(session, pair)
    merge = merges.merge_suppliers(
        session, official, pair.kept, pair.merged, rename_collisions=True
    )
    renamed = session.get(Product, pair.products[0].id)
    assert renamed.sku == f"B-1-{pair.merged.tax_code}"
    assert renamed.supplier_id == pair.kept.id
    merges.undo_merge(session, official, merge.id)
    assert _state(session, pair) == before


def test_undo_refused_naming_a_product_changed_since(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    product = session.get(Product, pair.products[1].id)
    product.sku = "B-2-NEW"
    session.commit()
    with pytest.raises(Conflict) as exc:
        merges.undo_merge(session, official, merge.id)
    assert "B-2-NEW" in exc.value.message
    session.rollback()
    assert session.get(SupplierMerge, merge.id).undone_at is None


def test_undo_refused_when_it_would_clash_with_a_new_sku(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    factories.make_product(session, pair.merged, sku="B-1", name="Sản phẩm mới")
    with pytest.raises(Conflict) as exc:
        merges.undo_merge(session, official, merge.id)
    assert "B-1 (Sản phẩm mới)" in exc.value.message


def test_undo_refused_naming_a_member_moved_since(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    other = factories.make_supplier(session, name="Công ty khác")
    member = session.get(type(pair.member), pair.member.id)
    member.supplier_id = other.id
    session.commit()
    with pytest.raises(Conflict) as exc:
        merges.undo_merge(session, official, merge.id)
    assert "nv@xanh.vn" in exc.value.message


def test_undo_refused_when_the_state_changed_since(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    merged = session.get(Supplier, pair.merged.id)
    merged.state = VerificationState.VERIFIED
    session.commit()
    with pytest.raises(Conflict) as exc:
        merges.undo_merge(session, official, merge.id)
    assert "no longer suspended" in exc.value.message


def test_undo_twice_is_refused(session, pair, official):
    merge = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    merges.undo_merge(session, official, merge.id)
    with pytest.raises(Conflict):
        merges.undo_merge(session, official, merge.id)


def test_a_merged_supplier_cannot_take_part_in_another_merge(session, pair, official):
    merges.merge_suppliers(session, official, pair.kept, pair.merged)
    third = factories.make_supplier(session, name="Công ty thứ ba")
    with pytest.raises(Conflict):
        merges.merge_suppliers(session, official, pair.merged, third)


def test_merging_a_supplier_into_itself_is_refused(session, pair, official):
    with pytest.raises(InvalidInput):
        merges.merge_suppliers(session, official, pair.kept, pair.kept)


@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_only_officials_merge(session, pair, role):
    user = factories.make_user(session, role)
    with pytest.raises(Forbidden):
        merges.merge_suppliers(session, user, pair.kept, pair.merged)


def test_undo_refused_while_the_kept_supplier_is_itself_merged_later(session, pair, official):
    first = merges.merge_suppliers(session, official, pair.kept, pair.merged)
    third = factories.make_supplier(session, name="Công ty thứ ba")
    later = merges.merge_suppliers(session, official, third, pair.kept)
    with pytest.raises(Conflict) as exc:
        merges.undo_merge(session, official, first.id)
    assert f"merge #{later.id}" in exc.value.message
    merges.undo_merge(session, official, later.id)
    merges.undo_merge(session, official, first.id)
    session.expire_all()
    assert session.get(Supplier, pair.merged.id).state == VerificationState.PENDING


def test_links_to_a_merged_supplier_lead_to_the_one_kept(client, session):
    kept = factories.make_supplier(session, name="Công ty Giữ Lại")
    merged = factories.make_supplier(session, name="Công ty Bị Gộp")
    factories.make_product(session, merged, sku="BFP-9", name="Máy ép bùn")
    official = factories.make_user(session, Role.OFFICIAL)
    session.commit()
    merges.merge_suppliers(session, official, kept, merged)
    response = client.get(f"/suppliers/{merged.tax_code}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/suppliers/{kept.tax_code}")
    product = client.get(f"/suppliers/{merged.tax_code}/products/bfp-9")
    assert product.status_code == 301
    assert product.headers["Location"].endswith(f"/suppliers/{kept.tax_code}/products/BFP-9")
    assert client.get(f"/suppliers/{merged.tax_code}/products/NONE-1").status_code == 404
