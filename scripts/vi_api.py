# ruff: noqa: E501 - one translation a line, as in scripts/fill_vi.py
"""Vietnamese for the search page's notes on values it left out and on pages past the end."""

VI = {
    "the search text": "nội dung tìm kiếm",
    "the kind of results": "loại kết quả",
    "The address held characters that cannot be searched for (in “%(name)s”): that part was left out.": "Địa chỉ có ký tự không thể dùng để tìm kiếm (trong “%(name)s”): phần đó đã được bỏ qua.",
    "“%(value)s” is not a page number from 1 to %(max)d: here is the first page.": "“%(value)s” không phải số trang từ 1 đến %(max)d: đây là trang đầu tiên.",
    "“%(value)s” is not a valid value for %(what)s: it was left out of the search.": "“%(value)s” không phải giá trị hợp lệ cho mục %(what)s: giá trị này đã được bỏ qua khi tìm kiếm.",
    "Go to the last page": "Đến trang cuối",
    "Tax code %(code)s": "MST %(code)s",
}
