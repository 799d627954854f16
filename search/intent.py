"""What a query asks for beyond its words, shared by every backend: purchase wording
to set aside ("cần mua … giá rẻ"), codes and registered names that identify a product
or a supplier, whether the buyer wants a service or equipment, and which category
the words name.

Phrases are written as buyers type them and compared folded (no diacritics, lower
case), so "can mua" and "cần mua" are one phrase."""

from __future__ import annotations

import re
from functools import cache

from search import analysis

# Purchase wording around the thing wanted: at the start ("cần mua", "báo giá",
# "tìm nhà cung cấp") or at the end ("giá rẻ", "chính hãng", "ở đâu"). Only taken
# off the ends of a query, so "giá thể" or a product named "... giá rẻ" inside a
# longer phrase is untouched.
_LEADING = """
cần mua | cần tìm | muốn mua | tìm mua | mua | tìm | tìm kiếm | báo giá | xin báo giá |
bảng giá | hỏi giá | nhà cung cấp | tìm nhà cung cấp | đơn vị cung cấp | cung cấp | bán |
đặt mua | đặt hàng | cho hỏi | buy | buying | need | looking for | find |
supplier of | suppliers of | supplier | suppliers | price of | price | quote for | quotation for
"""
_TRAILING = """
giá rẻ | giá tốt | giá bao nhiêu | bao nhiêu tiền | chính hãng | uy tín | chất lượng |
chất lượng cao | ở đâu | ở đâu tốt | mua ở đâu | báo giá | cheap | price | prices |
supplier | suppliers | manufacturer | manufacturers | for sale
"""
# Words of a registered company name that say its legal form, not who it is.
_LEGAL = """
công ty | cty | tnhh | cổ phần | cp | mtv | một thành viên | hai thành viên | chi nhánh |
trách nhiệm hữu hạn | tập đoàn | doanh nghiệp tư nhân | dntn | hợp tác xã | htx |
co | ltd | co ltd | company | limited | jsc | joint stock company | joint stock | corp |
corporation | inc | llc | branch | group
"""
# Words that ask for a service (design, operation, reports, permits) rather than for
# equipment: without one of them, service listings rank below equipment.
_SERVICE = """
dịch vụ | tư vấn | thiết kế | vận hành | bảo trì | bảo dưỡng | sửa chữa | lắp đặt |
thi công | chuyển giao | báo cáo | lập báo cáo | hồ sơ | giấy phép | cấp phép | đtm |
đánh giá tác động | kế hoạch bảo vệ môi trường | quan trắc định kỳ | phân tích mẫu |
xét nghiệm | kiểm định | hiệu chuẩn | đào tạo | thu gom và vận chuyển | thuê |
service | services | consulting | consultancy | consultant | design | operation |
operating | maintenance | repair | installation | report | permit | eia | audit |
sampling | calibration | training | rental | hire
"""
# Words that name a top-level category's trade: products of that category rank a
# little higher, so "xử lý nước thải sinh hoạt" prefers treatment plants to waste
# sorting lines for "rác sinh hoạt".
_CATEGORY = {
    "WW": "nước thải | xlnt | wastewater | waste water | sewage | effluent | bùn | sludge",
    "AIR": "khí thải | exhaust | flue gas | bụi | dust | scrubber | emission",
    "COL": "thu gom | vận chuyển rác | thùng rác | xe rác | collection | bin | bins",
    "REC": "tái chế | recycling | recycle | phế liệu | scrap",
    "MON": "quan trắc | monitoring | analyzer | analyser | máy đo | thiết bị đo | đầu đo | sensor"
    " | probe",
    "WTE": "năng lượng | điện rác | energy | biogas | khí sinh học | đốt rác phát điện",
    "HAZ": "nguy hại | hazardous | y tế | medical",
}
SERVICE_CATEGORY = "SVC"
# How much a service listing's score is multiplied by when no service is asked for,
# and a category's products when the query names that category's trade.
SERVICE_FACTOR = 0.45
CATEGORY_FACTOR = 1.35

# A code typed as buyers copy it: letters and digits with dashes or dots (SKU
# "BFP-005", tax code "0300935188-002", HS code "8414.59.90").
_CODE = re.compile(r"^(?=[\w.\-/]*\d)[\w][\w.\-/]*$", re.UNICODE)


def _phrases(spec: str) -> list[tuple[str, ...]]:
    out = {tuple(analysis.tokens(p)) for p in spec.replace("\n", " ").split("|")}
    return sorted((p for p in out if p), key=len, reverse=True)


@cache
def _tables() -> dict[str, object]:
    return {
        "leading": _phrases(_LEADING),
        "trailing": _phrases(_TRAILING),
        "legal": _phrases(_LEGAL),
        "service": _phrases(_SERVICE),
        "category": {code: _phrases(spec) for code, spec in _CATEGORY.items()},
    }


def _contains(toks: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(toks[i : i + n]) == phrase for i in range(len(toks) - n + 1))


def purchase_wording(text: str) -> tuple[str, list[str]]:
    """`text` without purchase wording at its ends, and the words taken off (as
    typed). Nothing is taken when nothing would be left."""
    raw = text.split()
    folded = [" ".join(analysis.tokens(w)) for w in raw]
    tables = _tables()
    start, end = 0, len(raw)
    dropped: list[str] = []
    changed = True
    while changed:
        changed = False
        for phrase in tables["leading"]:  # type: ignore[attr-defined]
            n = _words_match(folded, start, phrase)
            if n and start + n < end:
                dropped.append(" ".join(raw[start : start + n]))
                start += n
                changed = True
                break
        for phrase in tables["trailing"]:  # type: ignore[attr-defined]
            n = _words_match_end(folded, end, phrase)
            if n and end - n > start:
                dropped.append(" ".join(raw[end - n : end]))
                end -= n
                changed = True
                break
    return " ".join(raw[start:end]), dropped


def _words_match(folded: list[str], start: int, phrase: tuple[str, ...]) -> int:
    """How many raw words from `start` spell `phrase` (0 when they do not)."""
    toks: list[str] = []
    for i in range(start, len(folded)):
        toks.extend(folded[i].split())
        if tuple(toks) == phrase:
            return i - start + 1
        if len(toks) >= len(phrase) or tuple(toks) != phrase[: len(toks)]:
            return 0
    return 0


def _words_match_end(folded: list[str], end: int, phrase: tuple[str, ...]) -> int:
    toks: list[str] = []
    for i in range(end - 1, -1, -1):
        toks[:0] = folded[i].split()
        if tuple(toks) == phrase:
            return end - i
        if len(toks) >= len(phrase) or tuple(toks) != phrase[-len(toks) :]:
            return 0
    return 0


def code_key(text: str) -> str | None:
    """The index term of a code ("BFP-005" -> "#bfp005"), or None when `text` does
    not look like one."""
    text = text.strip().strip(",;:()[]\"'")
    if not text or len(text) > 40 or not _CODE.match(text):
        return None
    key = "".join(ch for ch in analysis.fold(text) if ch.isalnum())
    return f"#{key}" if key else None


def code_terms(*codes: str | None) -> list[str]:
    """Index terms of a document's codes (SKU, tax codes, HS code)."""
    out: list[str] = []
    for code in codes:
        key = code_key(code or "")
        if key and key not in out:
            out.append(key)
    return out


def name_key(name: str) -> str | None:
    """The index term of a registered name without its legal form: "Công ty TNHH
    Xử lý Nước Tây Hồ" and "xu ly nuoc tay ho" give the same term."""
    toks = analysis.tokens(name)
    legal = _tables()["legal"]
    kept: list[str] = []
    i = 0
    while i < len(toks):
        for phrase in legal:  # type: ignore[attr-defined]
            if tuple(toks[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            if toks[i] not in ("va", "and", "&"):
                kept.append(toks[i])
            i += 1
    return "@" + "_".join(kept) if len(kept) >= 2 else None


def wants_service(tokens: list[str]) -> bool:
    return any(_contains(tokens, p) for p in _tables()["service"])  # type: ignore[attr-defined]


def named_categories(tokens: list[str]) -> list[str]:
    """Top-level categories whose trade the query's words name."""
    table: dict[str, list[tuple[str, ...]]] = _tables()["category"]  # type: ignore[assignment]
    return [code for code, phrases in table.items() if any(_contains(tokens, p) for p in phrases)]


def category_term(top_category: str) -> str:
    """The index term every document of a top-level category holds."""
    return f"%{top_category.lower()}"
