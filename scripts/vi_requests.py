# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for the buyer's list of requests and the supplier staff's inbox tabs."""

VI = {
    "My requests": "Yêu cầu của tôi",
    "Request quotations": "Yêu cầu báo giá",
    "Everything you asked suppliers: inquiries to one supplier and requests for quotation to several, the latest activity first.": "Mọi điều bạn đã hỏi nhà cung cấp: yêu cầu gửi một nhà cung cấp và yêu cầu báo giá gửi nhiều nhà cung cấp, hoạt động mới nhất ở trên cùng.",
    "Request for quotation": "Yêu cầu báo giá",
    "New reply": "Có trả lời mới",
    "%(num)d supplier invited": "Đã mời %(num)d nhà cung cấp",
    "%(num)d quote": "%(num)d báo giá",
    "To %(supplier)s": "Gửi %(supplier)s",
    "Pages of requests": "Các trang yêu cầu",
    "You have not requested quotations yet.": "Bạn chưa gửi yêu cầu báo giá nào.",
    "Nothing here yet. Ask one supplier from its page with “Send an inquiry”, or ask several at once with a request for quotation.": "Chưa có gì ở đây. Hãy hỏi một nhà cung cấp ngay trên trang của họ bằng nút “Gửi yêu cầu”, hoặc hỏi nhiều nhà cung cấp cùng lúc bằng một yêu cầu báo giá.",
    "Find suppliers": "Tìm nhà cung cấp",
    "Inquiries": "Yêu cầu",
    "There is no such list.": "Không có danh sách này.",
    "Has not replied to most inquiries yet": "Chưa trả lời phần lớn yêu cầu",
    "There is no page %(n)d: this list has %(pages)d.": "Không có trang %(n)d: danh sách này có %(pages)d trang.",
    "Go to the first page": "Về trang đầu",
    "Account": "Tài khoản",
    "Password and sessions": "Mật khẩu và phiên đăng nhập",
    "When (Hà Nội time)": "Thời điểm (giờ Hà Nội)",
    "Set on (Hà Nội time)": "Đặt lúc (giờ Hà Nội)",
    "added by an award on this site": "thêm khi bên mua chọn báo giá trên trang này",
    "From the award of a request for quotation": "Từ việc chọn báo giá của một yêu cầu báo giá",
    "has not replied to most of %(n)d inquiries": "chưa trả lời phần lớn trong %(n)d yêu cầu",
}
