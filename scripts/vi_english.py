# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for English content: prices on request and text shown in Vietnamese."""

VI = {
    "Price on request": "Giá liên hệ",
    "(in Vietnamese)": "(bằng tiếng Việt)",
}
