# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for the fixes of notifications, mail and accounts (notifix)."""

VI = {
    "The inbox is for the staff of a registered supplier. Buyers find the inquiries they sent under My requests.": "Hộp thư đến dành cho nhân viên của nhà cung cấp đã đăng ký. Bên mua xem các yêu cầu đã gửi ở mục Yêu cầu của tôi.",
}
