# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for the officials' workspace page (officials.workspace)."""

VI = {
    "Officials' workspace": "Không gian làm việc của cán bộ",
    "Workspace": "Không gian làm việc",
    "Everything the Department keeps: the registry, its verification and quality, the domestic-share figures, the accounts and the audit trail.": "Mọi việc Sở quản lý: sổ đăng ký, việc xác minh và chất lượng dữ liệu, số liệu tỷ lệ nội địa, tài khoản và nhật ký thay đổi.",
    "Registry": "Sổ đăng ký",
    "Suppliers waiting for a check: documents, profile, products; approve, reject with a reason, suspend or restore.": "Nhà cung cấp đang chờ kiểm tra: hồ sơ tài liệu, thông tin, sản phẩm; duyệt, từ chối kèm lý do, đình chỉ hoặc khôi phục.",
    "waiting": "đang chờ",
    "Certificates expiring": "Chứng chỉ sắp hết hạn",
    "Certificates that expire in the next 60 days, by supplier.": "Các chứng chỉ hết hạn trong 60 ngày tới, theo nhà cung cấp.",
    "expiring": "sắp hết hạn",
    "Upload suppliers, products and supply records; follow checks and previews; revert an import batch.": "Tải lên nhà cung cấp, sản phẩm và bản ghi cung ứng; theo dõi kiểm tra và xem trước; hoàn tác một đợt nhập.",
    "in progress": "đang xử lý",
    "Likely duplicate suppliers and their merge, stale and incomplete profiles.": "Nhà cung cấp có thể bị trùng và việc gộp, hồ sơ lâu không cập nhật và hồ sơ chưa đầy đủ.",
    "Registry statistics": "Thống kê sổ đăng ký",
    "Suppliers and products by category, commune, ownership, state and origin; growth over time; downloads.": "Nhà cung cấp và sản phẩm theo nhóm, xã/phường, loại hình sở hữu, trạng thái và xuất xứ; mức tăng theo thời gian; tải về.",
    "Every supplier, filtered by verification state; the list of verified suppliers.": "Mọi nhà cung cấp, lọc theo trạng thái xác minh; danh sách nhà cung cấp đã xác minh.",
    "The share of domestic products per category and year against the 2030 targets.": "Tỷ lệ sản phẩm nội địa theo nhóm và năm so với mục tiêu năm 2030.",
    "The records behind the figures: filter, correct, export.": "Các bản ghi đứng sau số liệu: lọc, sửa, xuất.",
    "The bands per category, the year they take effect and why.": "Khoảng mục tiêu theo nhóm, năm áp dụng và lý do.",
    "Annual report": "Báo cáo năm",
    "The report for the city and the Ministry, printable and as PDF.": "Báo cáo gửi Thành phố và Bộ, in được và dạng PDF.",
    "Accounts and audit": "Tài khoản và nhật ký",
    "Find accounts and link them to a supplier; administrators change roles and deactivate.": "Tìm tài khoản và gắn với nhà cung cấp; quản trị viên đổi vai trò và vô hiệu hóa tài khoản.",
    "Invite the Department's officials and administrators.": "Mời cán bộ và quản trị viên của Sở.",
    "Every change, who made it and when; tamper-evident; CSV export.": "Mọi thay đổi, ai thực hiện và khi nào; phát hiện được việc sửa trái phép; xuất CSV.",
}
