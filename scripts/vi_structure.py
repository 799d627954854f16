# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for the notice of degraded search (the index being rebuilt)."""

VI = {
    "Search is being rebuilt; for a minute these results only match supplier names.": "Chỉ mục tìm kiếm đang được xây dựng lại; trong ít phút kết quả chỉ khớp theo tên nhà cung cấp.",
}
