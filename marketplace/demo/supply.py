"""Demo supply records for 2024–2026, consistent with the demo registry: deliveries
made in Vietnam by registered suppliers (linked by tax code and SKU) or by makers not
in the registry, and imports (through the registry's distributors or not). Loaded
through the share import, so the aggregates and an import batch are made as for any
file.

The values, origins and years come from their own random stream, so the headline
shares are the same whatever the registry's size; only the links (and through them
coverage and the products' declared local content) depend on which suppliers exist.
Each category's origin share is steered towards a believable path to the 2030 bands:
some below, some within, MON near its 20%, the unbanded ones moving too."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.demo.catalogue import TYPES
from marketplace.imports.report import ImportReport
from marketplace.share.fields import SUPPLY_COLUMNS
from marketplace.share.imports import import_supply_records
from marketplace.share.models import SupplyRecord

YEARS = (2024, 2025, 2026)
Row = dict[str, object]

# Origin share (VN value / total) to aim at per category, 2024, 2025, 2026.
GOALS: dict[str, tuple[float, float, float]] = {
    "WW": (0.57, 0.61, 0.655),  # below 70–80%, closing slowly
    "AIR": (0.66, 0.695, 0.725),  # reaches its band in 2026
    "COL": (0.53, 0.56, 0.585),  # within 50–60%
    "REC": (0.36, 0.41, 0.46),  # well below 60–70%
    "MON": (0.135, 0.165, 0.205),  # towards its 20% minimum
    "WTE": (0.18, 0.22, 0.27),
    "HAZ": (0.42, 0.45, 0.49),
    "SVC": (0.84, 0.86, 0.88),
}
# Records per category and year (WTE: few, large contracts; 2024 too few to rely on).
COUNTS: dict[str, tuple[int, int, int]] = {
    "WW": (118, 131, 142),
    "AIR": (84, 92, 101),
    "COL": (96, 104, 113),
    "REC": (62, 70, 79),
    "MON": (103, 112, 124),
    "WTE": (16, 24, 31),
    "HAZ": (58, 63, 71),
    "SVC": (110, 121, 133),
}
# How likely a subcategory's equipment is made in Vietnam (orders which records the
# goal is met with); absent: 0.6.
DOMESTIC_LEANING = {
    "WW-MBR": 0.2,
    "WW-DIS": 0.35,
    "WW-TNK": 0.95,
    "WW-SCR": 0.85,
    "AIR-ESP": 0.3,
    "AIR-FAN": 0.85,
    "AIR-PRT": 0.4,
    "COL-BIN": 0.9,
    "COL-CRT": 0.95,
    "COL-SWP": 0.25,
    "COL-TRK": 0.5,
    "REC-SRT": 0.35,
    "REC-PLA": 0.3,
    "REC-CND": 0.25,
    "MON-CEM": 0.15,
    "MON-WQ": 0.35,
    "MON-AQ": 0.2,
    "MON-SEN": 0.1,
    "MON-PRT": 0.1,
    "MON-LAB": 0.05,
    "MON-NOI": 0.1,
    "WTE-INC": 0.02,
    "WTE-RDF": 0.3,
    "WTE-BIO": 0.9,
    "HAZ-INC": 0.45,
    "HAZ-CON": 0.95,
    "SVC-EIA": 0.97,
    "SVC-OPS": 0.95,
    "SVC-LAB": 0.95,
    "SVC-COL": 0.97,
}
# How often a subcategory turns up (relative); absent: 1.
FREQUENCY = {"WTE-INC": 0.03, "WTE-RDF": 0.3, "REC-SRT": 0.5, "AIR-ESP": 0.5, "SVC-EPC": 0.6}
IMPORT_ORIGINS = (("CN", 40), ("JP", 14), ("KR", 12), ("DE", 11), ("US", 7), ("IT", 6))
IMPORT_ORIGINS_RARE = ("TW", "DK", "FR", "TH", "GB")
SOURCES = (("procurement", 55), ("installation", 30), ("survey", 15))
ID_PREFIX = {"procurement": "DT", "installation": "LD", "survey": "KS"}
PUBLIC_BUYERS = (
    "Công ty TNHH MTV Thoát nước Hà Nội",
    "Công ty TNHH MTV Môi trường đô thị Hà Nội",
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng thành phố Hà Nội",
    "Ban Quản lý dự án đầu tư xây dựng công trình hạ tầng kỹ thuật và nông nghiệp Hà Nội",
    "Trung tâm Quan trắc Tài nguyên và Môi trường Hà Nội",
    "Sở Nông nghiệp và Môi trường Hà Nội",
    "Bệnh viện Bạch Mai",
    "Bệnh viện Đa khoa Đức Giang",
    "Bệnh viện E",
    "Trường Đại học Bách khoa Hà Nội",
    "UBND xã Sóc Sơn",
    "UBND phường Hoàng Mai",
    "UBND xã Thanh Trì",
    "UBND phường Long Biên",
)
PRIVATE_BUYERS = (
    "Công ty CP Nước sạch Sông Đà",
    "Khu công nghiệp Thăng Long",
    "Khu công nghiệp Quang Minh",
    "Khu công nghiệp Nội Bài",
    "Khu công nghiệp Phú Nghĩa",
    "Công ty CP Bia Hà Nội",
    "Công ty TNHH Dệt may Hà Đông",
    "Công ty CP Xi măng Hoàng Thạch",
    "Công ty CP Sữa Ba Vì",
    "Công ty TNHH Điện tử Thăng Long",
    "Bệnh viện Đa khoa Hồng Ngọc",
    "Khu đô thị Ecopark",
)


@dataclass
class _Draft:
    year: int
    sub: str
    value: int
    source: str
    buyer: str
    domestic: bool = False


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def _value(rng: random.Random, sub: str) -> int:
    """Unit price within the catalogue's range times a quantity that fits it, with
    installation or a discount on top, in whole thousands of VND."""
    _vi, _en, _specs, (lo, hi), _hs = rng.choice(TYPES[sub])
    unit = rng.uniform(max(lo, 0.2), max(hi, lo + 0.5)) * 1_000_000
    if unit < 5_000_000:
        qty = rng.randint(20, 600)
    elif unit < 60_000_000:
        qty = rng.randint(2, 40)
    elif unit < 600_000_000:
        qty = rng.randint(1, 6)
    else:
        qty = 1 if rng.random() < 0.8 else 2
    return max(1, round(unit * qty * rng.uniform(0.85, 1.15) / 1000)) * 1000


def _drafts(rng: random.Random) -> list[_Draft]:
    subs: dict[str, list[str]] = defaultdict(list)
    for sub in TYPES:
        subs[sub.split("-")[0]].append(sub)
    out: list[_Draft] = []
    for cat, counts in COUNTS.items():
        weights = [FREQUENCY.get(s, 1.0) for s in subs[cat]]
        for y, (year, n) in enumerate(zip(YEARS, counts, strict=True)):
            drafts = []
            for _i in range(n):
                sub = rng.choices(subs[cat], weights)[0]
                source = _pick(rng, SOURCES)
                public = source == "procurement" or rng.random() < 0.3
                buyer = rng.choice(PUBLIC_BUYERS if public else PRIVATE_BUYERS)
                if source == "survey" and rng.random() < 0.4:
                    buyer = ""
                drafts.append(_Draft(year, sub, _value(rng, sub), source, buyer))
            _steer(rng, drafts, GOALS[cat][y])
            out.extend(drafts)
    return out


def _steer(rng: random.Random, drafts: list[_Draft], goal: float) -> None:
    """Mark records as made in Vietnam until the goal is nearly met: records are
    taken in a random order biased by how domestic their kind of equipment is, and
    one that would overshoot is left an import."""
    order = sorted(drafts, key=lambda d: -(rng.random() ** (1 / DOMESTIC_LEANING.get(d.sub, 0.6))))
    room = goal * sum(d.value for d in drafts)
    for d in order:
        if d.value <= room:
            d.domestic = True
            room -= d.value


class _Registry:
    """The demo registry's products by subcategory, made here or imported, and the
    domestic suppliers by top-level category."""

    def __init__(self, suppliers: Sequence[Row], products: Sequence[Row]) -> None:
        domestic = {str(s["tax_code"]) for s in suppliers if s["ownership"] != "foreign"}
        self.products: dict[tuple[str, bool], list[Row]] = defaultdict(list)
        self.makers: dict[str, set[str]] = defaultdict(set)
        for p in products:
            sub, vn = str(p["category"]), p["origin"] == "VN"
            self.products[(sub, vn)].append(p)
            if vn and p["supplier_tax_code"] in domestic:
                self.makers[sub.split("-")[0]].add(str(p["supplier_tax_code"]))


def _link(rng: random.Random, d: _Draft, reg: _Registry) -> Row:
    """Origin, local content and registry link of one record."""
    row: Row = {"origin": "VN" if d.domestic else "", "local_content_pct": ""}
    row["supplier_tax_code"] = row["sku"] = ""
    pool = reg.products.get((d.sub, d.domestic), [])
    product = rng.choice(pool) if pool and rng.random() < (0.5 if d.domestic else 0.4) else None
    if product is not None:
        row["supplier_tax_code"], row["sku"] = product["supplier_tax_code"], product["sku"]
        row["origin"] = product["origin"]
        declared = product["local_content_pct"]
        # Most records rely on the product's declared content; some state their own.
        if declared != "" and rng.random() < 0.35:
            row["local_content_pct"] = max(0, min(100, int(str(declared)) + rng.randint(-8, 8)))
    elif d.domestic:
        makers = sorted(reg.makers.get(d.sub.split("-")[0], ()))
        if makers and rng.random() < 0.2:
            row["supplier_tax_code"] = rng.choice(makers)
        if rng.random() < 0.55:
            # A few are assembled from imported kits: under the 30% threshold.
            low = rng.random() < 0.12
            row["local_content_pct"] = rng.randint(12, 28) if low else rng.randint(42, 96)
    if not row["origin"]:
        rare = rng.random() < 0.08
        row["origin"] = rng.choice(IMPORT_ORIGINS_RARE) if rare else _pick(rng, IMPORT_ORIGINS)
    if row["origin"] != "VN" and not row["sku"] and rng.random() < 0.25:
        row["local_content_pct"] = rng.randint(3, 22)  # installation and civil works here
    return row


def build_records(suppliers: Sequence[Row], products: Sequence[Row], seed: int) -> list[Row]:
    """Supply-record rows (supply_records.csv columns) for the given registry."""
    drafts = _drafts(random.Random(seed))  # nosec B311 - reproducible demo data
    links = random.Random(seed + 1)  # nosec B311
    reg = _Registry(suppliers, products)
    seq: dict[tuple[str, int], int] = defaultdict(int)
    rows = []
    for d in drafts:
        seq[(d.source, d.year)] += 1
        rows.append(
            {
                "record_id": f"{ID_PREFIX[d.source]}-{d.year}-{seq[(d.source, d.year)]:05d}",
                "year": d.year,
                "category": d.sub,
                "value_vnd": d.value,
                **_link(links, d, reg),
                "buyer": d.buyer,
                "source": d.source,
            }
        )
    return rows


def as_csv(rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUPPLY_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def has_records(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(SupplyRecord)))


def load(
    session: Session, suppliers: Sequence[Row], products: Sequence[Row], seed: int
) -> ImportReport:
    """Import the demo records for this registry (already stored) as one batch."""
    rows = build_records(suppliers, products, seed)
    return import_supply_records(session, ("demo-supply-records.csv", as_csv(rows)))
