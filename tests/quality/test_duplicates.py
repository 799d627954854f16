"""Finding likely duplicates: normalised contacts, folded names without legal forms,
the review page, and "not duplicates" remembered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.quality import duplicates
from marketplace.quality.duplicates import find_candidates, similar_names
from marketplace.quality.models import DuplicateDismissal
from marketplace.quality.normalize import email_key, name_core, phone_key, website_key
from tests import factories


@pytest.mark.parametrize(
    "raw", ["+84 24 3826 1234", "024.3826.1234", "(024) 38261234", "84-24-38261234"]
)
def test_phone_numbers_are_unified(raw):
    assert phone_key(raw) == "2438261234"


def test_a_too_short_phone_is_no_evidence():
    assert phone_key("0123") is None and phone_key(None) is None


def test_email_and_website_are_normalised():
    assert email_key(" Info@Xanh.VN ") == "info@xanh.vn"
    assert {website_key(w) for w in ["https://www.xanh.vn/", "http://xanh.vn", "XANH.vn/"]} == {
        "xanh.vn"
    }


@pytest.mark.parametrize(
    "name",
    [
        "Công ty TNHH Môi trường Xanh",
        "CTY MOI TRUONG XANH CO., LTD",
        "Công ty Cổ phần Môi trường Xanh",
        "Công ty TNHH MTV Môi Trường Xanh",
        "Môi trường Xanh JSC",
        "Công ty TNHH một thành viên Môi trường Xanh Việt Nam",
    ],
)
def test_legal_forms_and_diacritics_do_not_count(name):
    assert name_core(name) == "moi truong xanh"


def test_words_that_only_look_like_legal_forms_stay():
    assert name_core("Công ty TNHH Cơ khí Hải Phòng") == "co khi hai phong"


def test_similar_names_found_with_one_typo_but_not_different_names():
    names = {
        1: "Công ty TNHH Thiết bị Lọc nước Sông Đà",
        2: "Cty TNHH Thiet bi Loc nuoc Song Da",  # same once folded
        3: "Công ty CP Thiết bị Lọc nươc Sông Đa",  # a typo
        4: "Công ty TNHH Quan trắc Môi trường Bắc Ninh",
    }
    pairs = {(a, b) for a, b, _score in similar_names(names)}
    assert pairs == {(1, 2), (1, 3), (2, 3)}


def test_word_order_does_not_matter():
    found = list(similar_names({1: "Xanh Môi trường", 2: "Môi trường Xanh"}))
    assert found == [(1, 2, 100.0)]


def test_shared_contacts_and_names_add_up_with_reasons():
    rows = [
        (1, "Công ty TNHH Alpha", "024 3826 1234", "a@x.vn", None),
        (2, "Beta JSC", "+84 24 38261234", "A@X.VN", None),
        (3, "Gamma", None, None, "gamma.vn"),
    ]
    [pair] = find_candidates(rows)
    assert (pair.low_id, pair.high_id) == (1, 2)
    assert set(pair.reasons) == {"phone", "email"}
    assert pair.score == 75


def test_a_contact_shared_by_very_many_is_not_evidence():
    rows = [(i, f"Name {i} {'x' * i}", "0912345678", None, None) for i in range(1, 40)]
    assert not [c for c in find_candidates(rows) if "phone" in c.reasons]


def test_review_page_shows_the_pair_side_by_side_with_reasons(client, login_as, pair):
    login_as("official")
    page = client.get("/officials/quality/duplicates?lang=en").get_data(as_text=True)
    assert "Score 100" in page
    for reason in ("same phone", "same e-mail", "same website", "similar name"):
        assert reason in page
    assert pair.kept.tax_code in page and pair.merged.tax_code in page
    assert f"keep={pair.kept.id}&amp;merge={pair.merged.id}" in page


def test_not_duplicates_is_remembered_and_audited(client, login_as, pair, session):
    login_as("official")
    resp = client.post(
        "/officials/quality/duplicates/dismiss?lang=en",
        data={"low": pair.merged.id, "high": pair.kept.id},
    )
    assert resp.status_code == 302
    page = client.get("/officials/quality/duplicates?lang=en").get_data(as_text=True)
    assert "No likely duplicates" in page
    assert session.scalar(select(DuplicateDismissal.low_id)) == min(pair.kept.id, pair.merged.id)
    assert "not_duplicate" in set(session.scalars(select(AuditEvent.action)))


def test_merged_suppliers_are_no_longer_candidates(session, pair, official):
    from marketplace.quality import merges

    assert duplicates.list_candidates(session)
    merges.merge_suppliers(session, official, pair.kept, pair.merged)
    assert duplicates.list_candidates(session) == []


def test_review_page_in_vietnamese(client, login_as, pair):
    login_as("official")
    page = client.get("/officials/quality/duplicates?lang=vi").get_data(as_text=True)
    assert "Nhà cung cấp có thể trùng lặp" in page


def test_an_empty_review_page_says_so(client, login_as, session):
    factories.make_supplier(session, name="Công ty Một")
    login_as("official")
    page = client.get("/officials/quality/duplicates?lang=en").get_data(as_text=True)
    assert "No likely duplicates" in page
