"""Vietnamese for the RFQ fixes (merged into the catalogue by the integrator)."""

VI = {
    "The contract value must be from %(low)s to %(high)s (half to twice the chosen quote's price of %(price)s).": "Giá trị hợp đồng phải từ %(low)s đến %(high)s (từ một nửa đến gấp đôi giá của báo giá được chọn là %(price)s).",
    "Price of the chosen quote": "Giá của báo giá được chọn",
    "You choose the quote of %(supplier)s for %(price)s. The other suppliers are told politely that another offer was chosen. The award is recorded in the city's domestic-supply figures.": "Bạn chọn báo giá của %(supplier)s với giá %(price)s. Các nhà cung cấp khác sẽ được thông báo lịch sự rằng một đề nghị khác đã được chọn. Kết quả được ghi vào số liệu cung ứng trong nước của thành phố.",
    "Allowed: from %(low)s to %(high)s (half to twice the quoted price).": "Cho phép: từ %(low)s đến %(high)s (từ một nửa đến gấp đôi giá báo).",
    "Awarded to %(supplier)s: contract of %(value)s for delivery in %(year)s.": "Đã trao cho %(supplier)s: hợp đồng trị giá %(value)s, giao hàng năm %(year)s.",
    "Quote withdrawn": "Đã rút báo giá",
    "Cancel this draft? Nobody was invited yet.": "Hủy bản nháp này? Chưa có ai được mời.",
    "The draft is cancelled. Nobody had been invited.": "Bản nháp đã được hủy. Chưa có ai được mời.",
    "%(supplier)s withdrew its quote for “%(title)s”.": "%(supplier)s đã rút báo giá cho “%(title)s”.",
    "The buyer closed the request “%(title)s” without choosing a quote yet. Your quote stays on file in case the buyer still awards it.": "Bên mua đã đóng yêu cầu “%(title)s” mà chưa chọn báo giá nào. Báo giá của bạn vẫn được lưu lại phòng khi bên mua vẫn trao hợp đồng.",
    "quote sent": "đã gửi báo giá",
    "quote revised": "đã sửa báo giá",
    "quote withdrawn": "đã rút báo giá",
    "published and suppliers invited": "đã đăng và mời nhà cung cấp",
    "closed without an award": "đã đóng mà chưa trao hợp đồng",
    "awarded to a quote": "đã trao hợp đồng cho một báo giá",
    "local content at least %(pct)s": "tỷ lệ nội địa hóa ít nhất %(pct)s",
    "Choose one of your own products of this category.": "Hãy chọn một sản phẩm của chính bạn thuộc danh mục này.",
}
