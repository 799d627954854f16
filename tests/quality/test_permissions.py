"""Every data-quality and statistics route: anonymous visitors are sent to log in,
buyers and supplier staff are refused, officials get the page."""

from __future__ import annotations

import pytest

from marketplace.quality import merges

PAGES = [
    "/officials/quality/duplicates",
    "/officials/quality/merges",
    "/officials/quality/stale",
    "/officials/quality/incomplete",
    "/officials/quality/merge?keep={kept}&merge={merged}",
    "/officials/quality/merges/{merge}",
    "/officials/quality/merges/{merge}/undo",
    "/officials/statistics/",
    "/officials/statistics/category.csv",
    "/officials/statistics/growth.xlsx",
    "/officials/statistics/verified-suppliers.csv",
]
POSTS = [
    "/officials/quality/duplicates/dismiss",
    "/officials/quality/merge?keep={kept}&merge={merged}",
    "/officials/quality/merges/{merge}/undo",
]


@pytest.fixture
def urls(session, pair, official):
    third = type(pair.kept)(
        tax_code="0100000019", name="Công ty thứ ba", ownership="domestic", province="Hà Nội"
    )
    session.add(third)
    session.commit()
    merge = merges.merge_suppliers(session, official, pair.kept, third)
    values = {"kept": pair.kept.id, "merged": pair.merged.id, "merge": merge.id}
    return [u.format(**values) for u in PAGES], [u.format(**values) for u in POSTS]


@pytest.mark.engine_independent
def test_anonymous_visitors_are_sent_to_log_in(client, urls):
    pages, posts = urls
    for url in pages:
        resp = client.get(url)
        assert resp.status_code == 302 and "/account/login" in resp.headers["Location"], url
    for url in posts:
        assert client.post(url).status_code == 302, url


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
def test_buyers_and_supplier_staff_are_refused(client, login_as, urls, pair, role):
    login_as(role, supplier=pair.kept if role == "supplier_staff" else None)
    pages, posts = urls
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data={"low": 1, "high": 2}).status_code == 403, url


@pytest.mark.engine_independent
def test_officials_get_every_page(client, login_as, urls):
    login_as("official")
    pages, _posts = urls
    for url in pages:
        assert client.get(url).status_code == 200, url
