"""Cells quoted in the messages that refuse them."""

from __future__ import annotations

# Enough to recognise the cell in the file; a 3,000-digit price or a 20,000-character
# header cell quoted whole made a page tens of thousands of pixels tall.
LIMIT = 60


def shown(value: str, limit: int = LIMIT) -> str:
    """`value` as a message quotes it: trimmed, and cut to its first `limit`
    characters and an ellipsis when longer."""
    value = value.strip()
    return value if len(value) <= limit else value[:limit] + "…"
