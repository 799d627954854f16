"""Reference data: the eight category codes of interfaces.md, our subcategory
taxonomy, and the 2030 targets of the city's plan.

The migrations seed the database from here; officials edit targets later
(rows are kept as history), so this is only the starting point.
"""

from __future__ import annotations

from datetime import date

# (code, name_vi, name_en)
TOP_LEVEL: list[tuple[str, str, str]] = [
    ("WW", "Thiết bị xử lý nước thải", "Wastewater treatment equipment"),
    ("AIR", "Thiết bị xử lý khí thải", "Exhaust gas treatment equipment"),
    (
        "COL",
        "Thiết bị thu gom, vận chuyển, phân loại chất thải",
        "Waste collection, transport and sorting equipment",
    ),
    (
        "REC",
        "Thiết bị phân loại, tái chế chất thải rắn",
        "Solid-waste sorting and recycling equipment",
    ),
    ("MON", "Thiết bị quan trắc môi trường", "Environmental monitoring equipment"),
    ("WTE", "Thiết bị năng lượng từ chất thải", "Waste-to-energy equipment"),
    ("HAZ", "Thiết bị xử lý chất thải nguy hại", "Hazardous-waste treatment equipment"),
    ("SVC", "Dịch vụ môi trường", "Environmental services"),
]

# parent -> [(code, name_vi, name_en)]
SUBCATEGORIES: dict[str, list[tuple[str, str, str]]] = {
    "WW": [
        ("WW-SLU", "Thiết bị tách nước, ép bùn", "Sludge dewatering equipment"),
        ("WW-AER", "Thiết bị sục khí, máy thổi khí", "Aeration equipment and blowers"),
        ("WW-MBR", "Màng lọc MBR, giá thể MBBR", "MBR membranes and MBBR media"),
        ("WW-PKG", "Trạm xử lý nước thải hợp khối", "Package treatment plants"),
        ("WW-DOS", "Bơm định lượng, châm hóa chất", "Dosing pumps and chemical dosing"),
        ("WW-SCR", "Song chắn rác, lược rác", "Screens"),
        ("WW-PMP", "Bơm nước thải", "Wastewater pumps"),
        ("WW-TNK", "Bể tự hoại, bồn chứa", "Septic and storage tanks"),
        ("WW-DIS", "Thiết bị khử trùng", "Disinfection equipment"),
        ("WW-SEP", "Thiết bị lắng, tuyển nổi, tách dầu", "Settling, flotation and oil separation"),
    ],
    "AIR": [
        ("AIR-BAG", "Lọc bụi túi vải", "Bag filters (baghouses)"),
        ("AIR-CYC", "Xyclon tách bụi", "Cyclone separators"),
        ("AIR-ESP", "Lọc bụi tĩnh điện", "Electrostatic precipitators"),
        ("AIR-SCR", "Tháp hấp thụ, tháp rửa khí", "Scrubbers and absorption towers"),
        ("AIR-ADS", "Tháp hấp phụ than hoạt tính", "Activated-carbon adsorbers"),
        ("AIR-ODO", "Xử lý mùi", "Odour control"),
        ("AIR-FAN", "Quạt hút công nghiệp", "Industrial fans"),
        ("AIR-PRT", "Túi lọc, phụ tùng lọc bụi", "Filter bags and spare parts"),
    ],
    "COL": [
        ("COL-BIN", "Thùng rác, thùng phân loại tại nguồn", "Bins and source-separation bins"),
        ("COL-TRK", "Xe ép rác, xe thu gom", "Refuse compactor and collection trucks"),
        (
            "COL-CMP",
            "Trạm ép rác, máy ép rác cố định",
            "Stationary compactors and transfer stations",
        ),
        ("COL-CRT", "Xe đẩy gom rác", "Collection carts"),
        ("COL-SWP", "Xe quét, hút bụi đường", "Street sweepers"),
        ("COL-SEP", "Xe hút bùn, hút bể phốt", "Vacuum and septic trucks"),
    ],
    "REC": [
        ("REC-SRT", "Dây chuyền, máy phân loại rác", "Waste sorting lines and machines"),
        ("REC-SHR", "Máy nghiền, máy băm", "Shredders and crushers"),
        ("REC-BAL", "Máy ép kiện phế liệu", "Balers"),
        ("REC-PLA", "Dây chuyền tái chế nhựa", "Plastic recycling lines"),
        ("REC-CMP", "Thiết bị ủ phân compost", "Composting equipment"),
        ("REC-CND", "Tái chế xà bần, chất thải xây dựng", "Construction waste recycling"),
    ],
    "MON": [
        (
            "MON-CEM",
            "Hệ thống quan trắc khí thải liên tục",
            "Continuous emission monitoring (CEMS)",
        ),
        ("MON-WQ", "Trạm quan trắc nước thải tự động", "Automatic water-quality monitoring"),
        ("MON-AQ", "Quan trắc không khí, bụi mịn", "Ambient air and dust monitoring"),
        ("MON-SEN", "Cảm biến, đầu đo online", "Online sensors and probes"),
        ("MON-PRT", "Máy đo cầm tay", "Portable meters"),
        ("MON-LAB", "Thiết bị phòng thí nghiệm", "Laboratory equipment"),
        ("MON-NOI", "Đo tiếng ồn, độ rung", "Noise and vibration monitoring"),
    ],
    "WTE": [
        ("WTE-INC", "Lò đốt rác phát điện", "Waste incineration power plants"),
        ("WTE-BIO", "Hầm biogas, thu hồi khí", "Biogas digesters and gas recovery"),
        ("WTE-RDF", "Sản xuất nhiên liệu RDF", "RDF fuel production"),
        ("WTE-BOI", "Nồi hơi, thu hồi nhiệt", "Boilers and heat recovery"),
    ],
    "HAZ": [
        ("HAZ-INC", "Lò đốt chất thải nguy hại, y tế", "Hazardous and medical waste incinerators"),
        ("HAZ-AUT", "Thiết bị hấp tiệt trùng chất thải y tế", "Medical waste autoclaves"),
        ("HAZ-STB", "Hóa rắn, ổn định chất thải", "Solidification and stabilisation"),
        ("HAZ-CON", "Thùng chứa chất thải nguy hại", "Hazardous-waste containers"),
        ("HAZ-OIL", "Tái chế dầu thải, dung môi", "Waste oil and solvent recovery"),
    ],
    "SVC": [
        ("SVC-EIA", "Tư vấn ĐTM, hồ sơ môi trường", "EIA and environmental permitting"),
        ("SVC-OPS", "Vận hành, bảo trì hệ thống xử lý", "Operation and maintenance"),
        ("SVC-LAB", "Quan trắc, phân tích môi trường", "Environmental sampling and analysis"),
        ("SVC-EPC", "Thiết kế, thi công công trình môi trường", "Design and construction (EPC)"),
        ("SVC-COL", "Thu gom, vận chuyển chất thải", "Waste collection and transport services"),
    ],
}

# code -> (min %, max % or None). MON's one number is a minimum.
TARGETS_2030: dict[str, tuple[int, int | None]] = {
    "WW": (70, 80),
    "AIR": (70, 80),
    "COL": (50, 60),
    "REC": (60, 70),
    "MON": (20, None),
}
# The plan covers 2021–2030: its bands apply to every year of the period.
TARGETS_EFFECTIVE_FROM = date(2021, 1, 1)
TARGETS_SET_BY = "Kế hoạch của UBND Thành phố Hà Nội (seed)"


def category_rows() -> list[dict[str, object]]:
    """Every category row, parents first, ready for a bulk insert."""
    rows: list[dict[str, object]] = []
    for pos, (code, vi, en) in enumerate(TOP_LEVEL):
        rows.append(
            {"code": code, "parent_code": None, "name_vi": vi, "name_en": en, "position": pos}
        )
    for parent, subs in SUBCATEGORIES.items():
        for pos, (code, vi, en) in enumerate(subs):
            rows.append(
                {"code": code, "parent_code": parent, "name_vi": vi, "name_en": en, "position": pos}
            )
    return rows


def target_rows() -> list[dict[str, object]]:
    return [
        {
            "category_code": code,
            "min_pct": lo,
            "max_pct": hi,
            "effective_from": TARGETS_EFFECTIVE_FROM,
            "set_by": TARGETS_SET_BY,
        }
        for code, (lo, hi) in TARGETS_2030.items()
    ]
