"""What several browser tests do: log an official in."""

from __future__ import annotations

import re

from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.share.imports import import_supply_records
from tests import factories


def log_in_official(page, base: str, app, records: tuple[str, bytes] | None = None) -> None:  # type: ignore[no-untyped-def]
    """A new official logs in through the form; `records` (a supply-records file) is
    imported as them first (idempotent by record_id, so tests may share it)."""
    with app.app_context(), new_session(app) as session:
        official = factories.make_user(session, Role.OFFICIAL)
        if records is not None:
            import_supply_records(session, records, actor=official)
        email = official.email
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login)"))
