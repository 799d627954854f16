"""Absolute links for e-mails, built from the PUBLIC_BASE_URL setting.

Never from the request: a forged Host header would otherwise put an attacker's
domain in a password-reset or invitation link mailed to a real user (host-header
poisoning). It also works where there is no request at all (worker, CLI)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` under the configured public base URL."""
    base = urlsplit(str(current_app.config["PUBLIC_BASE_URL"]))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
