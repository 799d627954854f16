# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for search's buyer-wording notices."""

VI = {
    "Searched without: %(words)s": "Đã tìm không kèm: %(words)s",
}
