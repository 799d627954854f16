"""Helpers of the share page tests: the records conftest.fixture_rows loads plus one
linked to a supplier only, reading what a page shows, counting what a page costs."""

from __future__ import annotations

import html
import re

from sqlalchemy import event

from tests.share.conftest import fixture_rows

BASE = "/officials/share"
ALL_IDS = {"W1", "W2", "W3", "W4", "A1", "A2", "A3", "M1", "M2", "N1", "C1"}


def rows(tax: str) -> list[str]:
    """fixture_rows (2025: WW with subcategories, AIR, MON; 2026: N1) and C1: COL,
    linked to the supplier without a product."""
    return [*fixture_rows(tax), f"C1,2025,COL,200000000,VN,,{tax},,Công ty Xanh Sạch,survey"]


def listed_ids(page: str) -> list[str]:
    """Record ids in the order the records table lists them."""
    return [
        html.unescape(m)
        for m in re.findall(r'<a href="/officials/share/records/\d+">([^<]+)</a>', page)
    ]


def text(page: str) -> str:
    """The page's visible text with single spaces (options of selects left out)."""
    page = re.sub(r"<option[^>]*>[^<]*</option>", " ", page)
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def field_errors(page: str, name: str) -> list[str]:
    """The error messages shown under the form field `name` (ui.field macro)."""
    at = page.index(f'id="{name}"')
    ends = [i for i in (page.find('<div class="mb-3">', at), page.find("</form>", at)) if i > 0]
    block = page[at : min(ends)]
    found = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', block, re.S)
    return [html.unescape(m.strip()) for m in found]


def pk_of(page: str, record_id: str) -> int:
    m = re.search(rf'<a href="/officials/share/records/(\d+)">{re.escape(record_id)}</a>', page)
    assert m, f"{record_id} not listed"
    return int(m.group(1))


def statements(app, client, url: str) -> int:  # type: ignore[no-untyped-def]
    """How many SQL statements a GET of `url` runs (it must answer 200)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)
