"""The time the RFQ rules are judged at: naive UTC like every stored time. Tests set
`RFQ_NOW` in the app's config to stand at a deadline."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from marketplace.db import utcnow


def now() -> datetime:
    fixed = current_app.config.get("RFQ_NOW")
    return fixed if isinstance(fixed, datetime) else utcnow()
