"""An official reviews likely duplicates, merges a pair after confirming, undoes
the merge after confirming, and reads the statistics; the pages have no WCAG
violations in either language."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from marketplace.db import new_session
from marketplace.suppliers.models import VerificationState
from tests import factories
from tests.browser.helpers import log_in_official

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SCREENSHOTS", tempfile.gettempdir()))
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _pair(app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with app.app_context(), new_session(app) as session:
        kept = factories.make_supplier(
            session, name="Công ty TNHH Lọc Bụi Ba Đình", phone="024 3733 9999",
            state=VerificationState.PENDING,
        )  # fmt: skip
        dup = factories.make_supplier(
            session, name="CTY LOC BUI BA DINH JSC", phone="+84 24 37339999",
            state=VerificationState.PENDING,
        )  # fmt: skip
        factories.make_product(session, dup, sku="LB-1")
        return kept.tax_code, dup.tax_code


def test_official_merges_a_duplicate_and_undoes_it(live, page):
    base, app = live
    kept_tax, dup_tax = _pair(app)
    log_in_official(page, base, app)
    page.goto(f"{base}/officials/quality/duplicates?lang=en")
    pair = page.locator("section.duplicate-pair", has_text=dup_tax)
    assert "same phone" in pair.inner_text() and "similar name" in pair.inner_text()
    pair.get_by_role("link", name="Keep this one, merge the other…").first.click()
    page.wait_for_url(re.compile(r"/officials/quality/merge\?"))
    assert "Products: 1" in page.inner_text("main") or "Sản phẩm: 1" in page.inner_text("main")
    page.goto(page.url + "&lang=en")
    page.get_by_role("button", name="Merge the suppliers").click()
    page.wait_for_url(re.compile(r"/officials/quality/merges/\d+$"))
    # ?lang=en while logged in saves English as the official's language, so the
    # pages after the redirects read English too.
    assert "Undo this merge…" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "merge_detail.png"), full_page=True)
    page.goto(page.url + "/undo?lang=en")
    page.get_by_role("button", name="Undo the merge").click()
    page.wait_for_url(re.compile(r"/officials/quality/merges/\d+$"))
    assert "The merge was undone." in page.inner_text("main")
    assert "Undone on" in page.inner_text("main")
    # Both are back in the list of pairs to review.
    page.goto(f"{base}/officials/quality/duplicates?lang=en")
    assert page.locator("section.duplicate-pair", has_text=dup_tax).count() == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_quality_and_statistics_pages_have_no_wcag_violations(live, page, lang):
    base, app = live
    log_in_official(page, base, app)
    axe = Axe()
    for path in [
        "/officials/quality/duplicates",
        "/officials/quality/merges",
        "/officials/quality/stale?months=6",
        "/officials/quality/incomplete",
        "/officials/statistics/",
        "/suppliers/?state=pending",
    ]:
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.screenshot(
            path=str(SHOTS / f"{path.strip('/').replace('/', '_').split('?')[0]}-{lang}.png"),
            full_page=True,
        )
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{path}: {results.generate_report()}"
