"""Vocabulary of the demo catalogue: product types per subcategory, with bilingual
names, the specifications buyers compare, and realistic price ranges (million VND)."""

from __future__ import annotations

# subcategory -> [(name_vi, name_en, [(spec_vi, spec_en_unused, [values])], (min, max) M VND, hs)]
Spec = tuple[str, list[str]]
ProductType = tuple[str, str, list[Spec], tuple[int, int], str]

MATERIALS = ["inox SUS304", "inox 316", "thép CT3 sơn epoxy", "composite FRP", "nhựa PP"]
POWER = ["0,75 kW", "1,5 kW", "2,2 kW", "3,7 kW", "5,5 kW", "7,5 kW", "11 kW", "15 kW"]
VOLT = ["380 V/3 pha/50 Hz", "220 V/1 pha/50 Hz"]
WARRANTY = ["12 tháng", "18 tháng", "24 tháng"]

TYPES: dict[str, list[ProductType]] = {
    "WW-SLU": [
        (
            "Máy ép bùn băng tải",
            "Belt filter press",
            [
                ("khổ băng", ["500 mm", "1000 mm", "1500 mm", "2000 mm"]),
                ("vật liệu", MATERIALS[:3]),
                ("công suất động cơ", POWER[:4]),
            ],
            (250, 900),
            "842129",
        ),
        (
            "Máy ép bùn khung bản",
            "Chamber filter press",
            [
                ("diện tích lọc", ["20 m²", "40 m²", "60 m²", "100 m²"]),
                ("vật liệu khung", ["thép CT3 sơn epoxy", "inox SUS304"]),
            ],
            (150, 1200),
            "842129",
        ),
        (
            "Máy ép bùn trục vít",
            "Screw press sludge dewaterer",
            [
                ("công suất", ["5 kg DS/h", "20 kg DS/h", "50 kg DS/h", "120 kg DS/h"]),
                ("vật liệu", ["inox SUS304", "inox 316"]),
            ],
            (300, 1500),
            "842129",
        ),
    ],
    "WW-AER": [
        (
            "Máy thổi khí con sò",
            "Roots blower",
            [
                ("lưu lượng", ["2 m³/phút", "5 m³/phút", "10 m³/phút", "20 m³/phút"]),
                ("công suất động cơ", POWER[2:]),
                ("điện áp", VOLT),
            ],
            (35, 260),
            "841459",
        ),
        (
            "Đĩa phân phối khí tinh",
            "Fine-bubble disc diffuser",
            [("đường kính", ["9 inch", "12 inch"]), ("màng", ["EPDM", "silicone"])],
            (0, 1),
            "392690",
        ),
    ],
    "WW-MBR": [
        (
            "Màng lọc MBR sợi rỗng",
            "Hollow-fibre MBR membrane module",
            [
                ("diện tích màng", ["10 m²", "15 m²", "25 m²"]),
                ("kích thước lỗ", ["0,1 µm", "0,4 µm"]),
            ],
            (18, 90),
            "842129",
        ),
        (
            "Giá thể vi sinh MBBR",
            "MBBR biofilm carrier",
            [("diện tích bề mặt", ["500 m²/m³", "800 m²/m³"]), ("vật liệu", ["nhựa HDPE"])],
            (8, 30),
            "392690",
        ),
    ],
    "WW-PKG": [
        (
            "Trạm xử lý nước thải hợp khối",
            "Package wastewater treatment plant",
            [
                (
                    "công suất",
                    ["10 m³/ngày", "30 m³/ngày", "50 m³/ngày", "100 m³/ngày", "200 m³/ngày"],
                ),
                ("vật liệu", ["composite FRP", "thép CT3 sơn epoxy", "inox SUS304"]),
                ("công nghệ", ["AO", "A2O", "MBBR", "MBR"]),
            ],
            (180, 2500),
            "842129",
        ),
    ],
    "WW-DOS": [
        (
            "Bơm định lượng hóa chất",
            "Chemical dosing pump",
            [
                ("lưu lượng", ["10 l/h", "50 l/h", "120 l/h", "240 l/h"]),
                ("áp lực", ["5 bar", "10 bar"]),
                ("đầu bơm", ["PVC", "PVDF", "inox 316"]),
            ],
            (9, 60),
            "841350",
        ),
        (
            "Hệ thống châm hóa chất tự động",
            "Automatic chemical dosing skid",
            [("bồn chứa", ["200 lít", "500 lít", "1000 lít"]), ("điều khiển", ["PLC", "rơ le"])],
            (40, 180),
            "842129",
        ),
    ],
    "WW-SCR": [
        (
            "Song chắn rác tự động",
            "Automatic bar screen",
            [("khe hở", ["3 mm", "5 mm", "10 mm"]), ("vật liệu", ["inox SUS304"])],
            (90, 450),
            "842129",
        ),
        (
            "Máy lược rác trống quay",
            "Rotary drum screen",
            [
                ("lưu lượng", ["50 m³/h", "100 m³/h", "300 m³/h"]),
                ("vật liệu", ["inox SUS304", "inox 316"]),
            ],
            (150, 700),
            "842129",
        ),
    ],
    "WW-PMP": [
        (
            "Bơm chìm nước thải",
            "Submersible sewage pump",
            [
                ("lưu lượng", ["10 m³/h", "30 m³/h", "60 m³/h"]),
                ("cột áp", ["8 m", "12 m", "20 m"]),
                ("công suất động cơ", POWER[:6]),
            ],
            (8, 70),
            "841370",
        ),
    ],
    "WW-TNK": [
        (
            "Bể tự hoại composite",
            "Composite septic tank",
            [
                ("dung tích", ["1000 lít", "1500 lít", "2000 lít", "3000 lít"]),
                ("số ngăn", ["2 ngăn", "3 ngăn"]),
            ],
            (4, 18),
            "392510",
        ),
        (
            "Bồn chứa hóa chất nhựa PE",
            "PE chemical storage tank",
            [("dung tích", ["500 lít", "1000 lít", "5000 lít"])],
            (3, 25),
            "392510",
        ),
    ],
    "WW-DIS": [
        (
            "Đèn UV khử trùng nước thải",
            "UV disinfection unit",
            [("lưu lượng", ["5 m³/h", "20 m³/h", "50 m³/h"]), ("vỏ", ["inox SUS304"])],
            (25, 220),
            "842129",
        ),
        (
            "Máy tạo ozone xử lý nước",
            "Ozone generator for water treatment",
            [("công suất ozone", ["10 g/h", "50 g/h", "100 g/h"])],
            (30, 260),
            "842129",
        ),
    ],
    "WW-SEP": [
        (
            "Thiết bị tuyển nổi DAF",
            "Dissolved air flotation (DAF) unit",
            [
                ("lưu lượng", ["5 m³/h", "20 m³/h", "50 m³/h"]),
                ("vật liệu", ["inox SUS304", "thép CT3 sơn epoxy"]),
            ],
            (250, 1400),
            "842129",
        ),
        (
            "Bể tách dầu mỡ",
            "Grease and oil separator",
            [
                ("lưu lượng", ["1 m³/h", "3 m³/h", "10 m³/h"]),
                ("vật liệu", ["inox SUS304", "composite FRP"]),
            ],
            (6, 80),
            "842129",
        ),
    ],
    "AIR-BAG": [
        (
            "Hệ thống lọc bụi túi vải",
            "Bag filter dust collector",
            [
                ("lưu lượng khí", ["5.000 m³/h", "10.000 m³/h", "30.000 m³/h"]),
                ("số túi lọc", ["36 túi", "72 túi", "144 túi"]),
                ("giũ bụi", ["xung khí nén", "rung cơ khí"]),
            ],
            (180, 2200),
            "842139",
        ),
    ],
    "AIR-CYC": [
        (
            "Cyclone tách bụi",
            "Cyclone separator",
            [
                ("lưu lượng khí", ["2.000 m³/h", "5.000 m³/h", "10.000 m³/h"]),
                ("vật liệu", ["thép CT3", "inox SUS304"]),
            ],
            (40, 350),
            "842139",
        ),
    ],
    "AIR-ESP": [
        (
            "Lọc bụi tĩnh điện ESP",
            "Electrostatic precipitator (ESP)",
            [
                ("lưu lượng khí", ["20.000 m³/h", "50.000 m³/h", "100.000 m³/h"]),
                ("hiệu suất", ["99,5%", "99,9%"]),
            ],
            (1500, 9000),
            "842139",
        ),
    ],
    "AIR-SCR": [
        (
            "Tháp hấp thụ xử lý khí thải",
            "Wet scrubber (absorption tower)",
            [
                ("lưu lượng khí", ["3.000 m³/h", "10.000 m³/h", "20.000 m³/h"]),
                ("vật liệu", ["nhựa PP", "composite FRP", "inox SUS304"]),
            ],
            (120, 1100),
            "842139",
        ),
    ],
    "AIR-ADS": [
        (
            "Tháp hấp phụ than hoạt tính",
            "Activated carbon adsorption tower",
            [
                ("lưu lượng khí", ["3.000 m³/h", "8.000 m³/h", "15.000 m³/h"]),
                ("vật liệu", ["thép CT3 sơn epoxy", "inox SUS304"]),
            ],
            (90, 800),
            "842139",
        ),
    ],
    "AIR-ODO": [
        (
            "Hệ thống xử lý mùi biofilter",
            "Biofilter odour control system",
            [("lưu lượng khí", ["2.000 m³/h", "10.000 m³/h"])],
            (200, 1500),
            "842139",
        ),
    ],
    "AIR-FAN": [
        (
            "Quạt ly tâm hút khí thải",
            "Centrifugal exhaust fan",
            [
                ("lưu lượng", ["3.000 m³/h", "10.000 m³/h", "25.000 m³/h"]),
                ("công suất động cơ", POWER[3:]),
            ],
            (15, 160),
            "841459",
        ),
    ],
    "AIR-PRT": [
        (
            "Túi lọc bụi vải PE",
            "Polyester dust filter bag",
            [
                ("kích thước", ["Ø130 x 2000 mm", "Ø160 x 3000 mm"]),
                ("vật liệu", ["polyester", "PTFE", "Nomex"]),
            ],
            (0, 2),
            "591190",
        ),
    ],
    "COL-BIN": [
        (
            "Thùng rác nhựa HDPE có bánh xe",
            "Wheeled HDPE waste bin",
            [("dung tích", ["120 lít", "240 lít", "660 lít"]), ("màu", ["xanh lá", "cam", "xám"])],
            (1, 6),
            "392690",
        ),
        (
            "Thùng rác phân loại 3 ngăn",
            "Three-compartment recycling bin",
            [
                ("dung tích mỗi ngăn", ["40 lít", "60 lít"]),
                ("vật liệu", ["inox SUS304", "nhựa composite"]),
            ],
            (3, 15),
            "392690",
        ),
    ],
    "COL-TRK": [
        (
            "Xe ép rác",
            "Refuse compactor truck",
            [
                ("thể tích thùng", ["6 khối", "9 khối", "14 khối", "20 khối"]),
                ("nền xe", ["Hino", "Isuzu", "Hyundai"]),
            ],
            (900, 3200),
            "870590",
        ),
    ],
    "COL-CMP": [
        (
            "Trạm ép rác kín",
            "Stationary waste compactor station",
            [("công suất", ["20 tấn/ngày", "50 tấn/ngày", "100 tấn/ngày"])],
            (700, 3500),
            "847920",
        ),
    ],
    "COL-CRT": [
        (
            "Xe đẩy gom rác",
            "Waste collection handcart",
            [("dung tích", ["400 lít", "500 lít"]), ("vật liệu", ["thép mạ kẽm", "composite"])],
            (3, 9),
            "871680",
        ),
    ],
    "COL-SWP": [
        (
            "Xe quét rác hút bụi đường",
            "Road sweeper truck",
            [("dung tích thùng chứa", ["3 m³", "5 m³", "8 m³"])],
            (1800, 4500),
            "870590",
        ),
    ],
    "COL-SEP": [
        (
            "Xe hút bùn bể phốt",
            "Vacuum septic tank truck",
            [("dung tích bồn", ["4 khối", "6 khối", "10 khối"])],
            (900, 2600),
            "870590",
        ),
    ],
    "REC-SRT": [
        (
            "Dây chuyền phân loại rác sinh hoạt",
            "Municipal solid waste sorting line",
            [
                ("công suất", ["50 tấn/ngày", "100 tấn/ngày", "200 tấn/ngày", "500 tấn/ngày"]),
                ("thiết bị chính", ["sàng lồng quay, tách từ", "sàng rung, tách gió"]),
            ],
            (2500, 25000),
            "847982",
        ),
    ],
    "REC-SHR": [
        (
            "Máy nghiền nhựa phế liệu",
            "Plastic scrap granulator",
            [("công suất", ["300 kg/h", "800 kg/h", "1,5 tấn/h"]), ("động cơ", POWER[4:])],
            (80, 700),
            "847982",
        ),
        (
            "Máy băm rác hai trục",
            "Twin-shaft shredder",
            [("công suất", ["1 tấn/h", "5 tấn/h", "10 tấn/h"])],
            (450, 3800),
            "847982",
        ),
    ],
    "REC-BAL": [
        (
            "Máy ép kiện phế liệu thủy lực",
            "Hydraulic scrap baler",
            [
                ("lực ép", ["30 tấn", "60 tấn", "120 tấn"]),
                ("kích thước kiện", ["700 x 500 mm", "1100 x 750 mm"]),
            ],
            (120, 1400),
            "846299",
        ),
    ],
    "REC-PLA": [
        (
            "Dây chuyền tái chế hạt nhựa",
            "Plastic pelletising line",
            [("công suất", ["200 kg/h", "500 kg/h", "1000 kg/h"]), ("loại nhựa", ["PP/PE", "PET"])],
            (900, 6500),
            "847780",
        ),
    ],
    "REC-CMP": [
        (
            "Thiết bị ủ phân compost hữu cơ",
            "In-vessel organic composter",
            [("công suất", ["200 kg/ngày", "1 tấn/ngày", "5 tấn/ngày"])],
            (150, 2400),
            "843680",
        ),
    ],
    "REC-CND": [
        (
            "Máy nghiền xà bần di động",
            "Mobile construction-waste crusher",
            [("công suất", ["50 tấn/h", "100 tấn/h"])],
            (2500, 9000),
            "847420",
        ),
    ],
    "MON-CEM": [
        (
            "Hệ thống quan trắc khí thải tự động liên tục CEMS",
            "Continuous emission monitoring system (CEMS)",
            [
                (
                    "thông số đo",
                    ["bụi, SO2, NOx, CO, O2", "bụi, SO2, NOx, CO, O2, lưu lượng, nhiệt độ"],
                ),
                (
                    "truyền dữ liệu",
                    ["về Sở Nông nghiệp và Môi trường", "FTP theo Thông tư 10/2021"],
                ),
            ],
            (900, 4200),
            "902780",
        ),
    ],
    "MON-WQ": [
        (
            "Trạm quan trắc nước thải tự động",
            "Automatic wastewater monitoring station",
            [
                (
                    "thông số đo",
                    ["pH, COD, TSS, nhiệt độ, lưu lượng", "pH, COD, TSS, amoni, tổng N, tổng P"],
                )
            ],
            (700, 3200),
            "902780",
        ),
    ],
    "MON-AQ": [
        (
            "Máy đo bụi mịn PM2.5 PM10",
            "PM2.5 and PM10 dust monitor",
            [("dải đo", ["0–1000 µg/m³", "0–10 mg/m³"]), ("kiểu", ["cố định", "cầm tay"])],
            (15, 320),
            "902780",
        ),
        (
            "Trạm quan trắc không khí xung quanh",
            "Ambient air quality station",
            [("thông số đo", ["PM2.5, PM10, SO2, NO2, O3, CO"])],
            (1200, 5000),
            "902780",
        ),
    ],
    "MON-SEN": [
        (
            "Cảm biến pH online",
            "Online pH sensor",
            [("dải đo", ["0–14 pH"]), ("tín hiệu", ["4–20 mA", "RS485 Modbus"])],
            (6, 35),
            "902780",
        ),
        (
            "Đầu đo oxy hòa tan DO online",
            "Online dissolved oxygen probe",
            [("dải đo", ["0–20 mg/l"]), ("nguyên lý", ["quang học", "điện cực màng"])],
            (12, 55),
            "902780",
        ),
    ],
    "MON-PRT": [
        (
            "Máy đo pH cầm tay",
            "Handheld pH meter",
            [("độ chính xác", ["±0,01 pH", "±0,02 pH"])],
            (3, 18),
            "902780",
        ),
        (
            "Máy phân tích khí thải cầm tay",
            "Portable flue gas analyser",
            [("thông số đo", ["O2, CO, NO, NO2, SO2"])],
            (90, 380),
            "902780",
        ),
    ],
    "MON-LAB": [
        (
            "Máy đo COD phòng thí nghiệm",
            "Laboratory COD analyser",
            [("dải đo", ["0–1500 mg/l", "0–15000 mg/l"])],
            (40, 220),
            "902780",
        ),
    ],
    "MON-NOI": [
        (
            "Máy đo độ ồn tích phân",
            "Integrating sound level meter",
            [("cấp chính xác", ["Class 1", "Class 2"])],
            (12, 120),
            "903180",
        ),
    ],
    "WTE-INC": [
        (
            "Lò đốt rác sinh hoạt phát điện",
            "Municipal waste-to-energy incinerator",
            [("công suất", ["100 tấn/ngày", "300 tấn/ngày", "500 tấn/ngày"])],
            (40000, 250000),
            "841780",
        ),
    ],
    "WTE-BIO": [
        (
            "Hầm biogas composite",
            "Composite biogas digester",
            [("thể tích", ["10 m³", "30 m³", "100 m³"])],
            (25, 600),
            "842129",
        ),
    ],
    "WTE-RDF": [
        (
            "Dây chuyền sản xuất nhiên liệu RDF",
            "RDF fuel production line",
            [("công suất", ["50 tấn/ngày", "150 tấn/ngày"])],
            (6000, 30000),
            "847982",
        ),
    ],
    "WTE-BOI": [
        (
            "Lò hơi đốt sinh khối",
            "Biomass-fired steam boiler",
            [("công suất hơi", ["1 tấn hơi/h", "5 tấn hơi/h", "10 tấn hơi/h"])],
            (600, 6500),
            "840219",
        ),
    ],
    "HAZ-INC": [
        (
            "Lò đốt chất thải y tế",
            "Medical waste incinerator",
            [
                ("công suất", ["50 kg/giờ", "100 kg/giờ", "300 kg/giờ"]),
                ("buồng đốt", ["2 cấp", "3 cấp"]),
            ],
            (900, 6000),
            "841780",
        ),
        (
            "Lò đốt chất thải công nghiệp nguy hại",
            "Hazardous industrial waste incinerator",
            [("công suất", ["500 kg/giờ", "1 tấn/giờ"])],
            (5000, 22000),
            "841780",
        ),
    ],
    "HAZ-AUT": [
        (
            "Máy hấp tiệt trùng chất thải y tế",
            "Medical waste autoclave",
            [("dung tích buồng hấp", ["250 lít", "500 lít", "1000 lít"])],
            (500, 3200),
            "841920",
        ),
    ],
    "HAZ-STB": [
        (
            "Hệ thống hóa rắn chất thải nguy hại",
            "Hazardous waste solidification unit",
            [("công suất", ["5 tấn/ngày", "20 tấn/ngày"])],
            (800, 4500),
            "847439",
        ),
    ],
    "HAZ-CON": [
        (
            "Thùng chứa chất thải nguy hại có nắp",
            "Lidded hazardous-waste container",
            [("dung tích", ["60 lít", "120 lít", "240 lít"]), ("màu", ["vàng", "đỏ"])],
            (1, 5),
            "392690",
        ),
    ],
    "HAZ-OIL": [
        (
            "Thiết bị tái chế dầu nhớt thải",
            "Waste oil re-refining unit",
            [("công suất", ["1 tấn/ngày", "5 tấn/ngày"])],
            (1200, 7000),
            "842129",
        ),
    ],
    "SVC-EIA": [
        (
            "Dịch vụ lập báo cáo đánh giá tác động môi trường ĐTM",
            "Environmental impact assessment (EIA) report service",
            [("thời gian thực hiện", ["30 ngày", "45 ngày", "60 ngày"])],
            (60, 450),
            "998311",
        ),
        (
            "Dịch vụ lập hồ sơ giấy phép môi trường",
            "Environmental permit application service",
            [("thời gian thực hiện", ["20 ngày", "40 ngày"])],
            (40, 250),
            "998311",
        ),
    ],
    "SVC-OPS": [
        (
            "Dịch vụ vận hành hệ thống xử lý nước thải",
            "Wastewater plant operation and maintenance",
            [("hợp đồng", ["12 tháng", "24 tháng"])],
            (120, 900),
            "998311",
        ),
    ],
    "SVC-LAB": [
        (
            "Dịch vụ quan trắc môi trường định kỳ",
            "Periodic environmental monitoring service",
            [("tần suất", ["3 tháng/lần", "6 tháng/lần"])],
            (15, 120),
            "998311",
        ),
    ],
    "SVC-EPC": [
        (
            "Thiết kế thi công hệ thống xử lý nước thải",
            "Design and build of wastewater treatment plants",
            [("quy mô", ["50 m³/ngày", "500 m³/ngày", "2000 m³/ngày"])],
            (800, 25000),
            "998311",
        ),
    ],
    "SVC-COL": [
        (
            "Dịch vụ thu gom vận chuyển chất thải công nghiệp",
            "Industrial waste collection and transport",
            [("phạm vi", ["Hà Nội", "Hà Nội và các tỉnh lân cận"])],
            (20, 200),
            "998311",
        ),
    ],
}

BRAND_WORDS = [
    "Xanh",
    "Thăng Long",
    "Sông Hồng",
    "Hồng Hà",
    "Đông Á",
    "Việt Nhật",
    "An Phát",
    "Hòa Bình",
    "Phương Nam",
    "Bách Khoa",
    "Tân Tiến",
    "Minh Long",
    "Hải Đăng",
    "Trường Sơn",
    "Nam Việt",
    "Phú Thành",
    "Kim Ngân",
    "Đại Việt",
    "Tràng An",
    "Long Biên",
    "Tây Hồ",
    "Ba Vì",
    "Sóc Sơn",
    "Hưng Thịnh",
    "Bảo Minh",
    "Quang Minh",
    "Thành Công",
    "Tiến Phát",
    "Sao Việt",
    "Ánh Dương",
]
FIELD_WORDS = [
    ("Môi trường", "Environment"),
    ("Kỹ thuật Môi trường", "Environmental Engineering"),
    ("Công nghệ Xanh", "Green Technology"),
    ("Thiết bị Môi trường", "Environmental Equipment"),
    ("Xử lý Nước", "Water Treatment"),
    ("Cơ khí Môi trường", "Environmental Machinery"),
    ("Tái chế", "Recycling"),
]
FOREIGN = [
    ("Kasumi", "JP", "Nhật Bản", "Japan"),
    ("Rheinwerk", "DE", "Đức", "Germany"),
    ("Hanbit", "KR", "Hàn Quốc", "South Korea"),
    ("Tianrun", "CN", "Trung Quốc", "China"),
    ("Aquafin", "IT", "Italia", "Italy"),
    ("Nordclean", "DK", "Đan Mạch", "Denmark"),
]
