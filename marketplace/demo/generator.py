"""A deterministic, believable demo registry: suppliers and products generated from
the catalogue vocabulary and loaded through the registry import (same checks)."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.vn import mst

from marketplace.demo import supply
from marketplace.demo.catalogue import BRAND_WORDS, FIELD_WORDS, FOREIGN, TYPES, WARRANTY
from marketplace.i18n import specs as spec_terms
from marketplace.products.fields import PRODUCT_COLUMNS
from marketplace.registry.services import ImportReport, import_registry
from marketplace.share.records import load_links
from marketplace.suppliers import geography
from marketplace.suppliers.fields import SUPPLIER_COLUMNS
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.suppliers.services import set_verification_state
from search.folding import fold

SEED = 2030
STREETS = [
    "Phạm Hùng",
    "Nguyễn Trãi",
    "Giải Phóng",
    "Láng Hạ",
    "Trần Duy Hưng",
    "Lê Văn Lương",
    "Nguyễn Văn Linh",
    "Lý Thường Kiệt",
]
NEIGHBOURS = {
    "Bắc Ninh": "23",
    "Hưng Yên": "09",
    "Hải Phòng": "02",
    "Phú Thọ": "26",
    "Ninh Bình": "07",
    "Thái Nguyên": "46",
}


class NotEmpty(RuntimeError):
    pass


def _tax_code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        code = body + mst.calc_check_digit(body)
        # Some bodies have no valid one-digit check digit: draw again.
        if len(code) == 10 and code not in used:
            used.add(code)
            return code


def _csv(columns: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def build(
    n_suppliers: int = 90, seed: int = SEED
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(seed)  # nosec B311 - reproducible demo data, not a secret
    hanoi = geography.get_province("Hà Nội")
    if hanoi is None:
        raise RuntimeError("vietnam-provinces data has no Hà Nội")
    used: set[str] = set()
    suppliers: list[dict[str, object]] = []
    products: list[dict[str, object]] = []
    subcats = list(TYPES)
    for i in range(n_suppliers):
        foreign = FOREIGN[i % len(FOREIGN)] if i % 11 == 5 else None
        if foreign or rng.random() < 0.8:
            province, prefix = "Hà Nội", "01"
            commune = rng.choice(hanoi.communes)
        else:
            province, prefix = rng.choice(list(NEIGHBOURS.items()))
            commune = rng.choice(geography.get_province(province).communes)  # type: ignore[union-attr]
        brand = rng.choice(BRAND_WORDS)
        field_vi, field_en = rng.choice(FIELD_WORDS)
        if foreign:
            maker, _code, country_vi, country_en = foreign
            name = f"Công ty TNHH {maker} {field_vi} Việt Nam"
            name_en = f"{maker} {field_en} Vietnam Co., Ltd."
            ownership = "foreign"
        else:
            form_vi, form_en = rng.choice(
                [("Công ty TNHH", "Co., Ltd."), ("Công ty Cổ phần", "JSC")]
            )
            name = f"{form_vi} {field_vi} {brand}"
            name_en = f"{fold(brand).title()} {field_en} {form_en}"
            ownership = "joint_venture" if rng.random() < 0.08 else "domestic"
        focus = rng.sample(subcats, k=rng.randint(2, 4))
        focus_names = ", ".join(_lower_first(TYPES[c][0][0]) for c in focus)
        focus_en = ", ".join(_lower_first(TYPES[c][0][1]) for c in focus)
        founded = rng.randint(1995, 2021)
        staff = rng.randint(8, 420)
        domain = fold_domain(name_en)
        if foreign:
            desc = (
                f"{name} là nhà phân phối chính thức thiết bị {maker} ({country_vi}) tại Việt "
                f"Nam, gồm {focus_names}. Kho hàng và đội kỹ thuật tại {commune}, Hà Nội."
            )
            desc_en = (
                f"{name_en} is the authorised distributor of {maker} equipment from "
                f"{country_en}: {focus_en}. Warehouse and service team in Hanoi."
            )
        else:
            desc = (
                f"{name} thiết kế, chế tạo và lắp đặt {focus_names} cho khu công nghiệp, "
                f"bệnh viện và khu dân cư. Thành lập năm {founded}, đội ngũ {staff} cán bộ, "
                f"kỹ sư; xưởng sản xuất tại {commune}, {province}."
            )
            desc_en = (
                (
                    f"{name_en} designs, manufactures and installs {focus_en} for industrial "
                    f"parks, hospitals and residential areas. Founded {founded}, "
                    f"{staff} staff."
                )
                if rng.random() < 0.7
                else ""
            )
        tax = _tax_code(rng, prefix, used)
        suppliers.append(
            {
                "tax_code": tax,
                "name": name,
                "name_en": name_en,
                "province": province,
                "commune": commune,
                "address": f"Số {rng.randint(1, 299)} đường {rng.choice(STREETS)}, "
                f"{commune}, {province}",
                "website": f"https://{domain}.vn",
                "email": f"lienhe@{domain}.vn",
                "phone": f"024{rng.randint(3000_0000, 3999_9999)}"
                if province == "Hà Nội"
                else f"09{rng.randint(1000_0000, 9999_9999)}",
                "ownership": ownership,
                "founded_year": founded,
                "employees": staff,
                "description": desc,
                "description_en": desc_en,
                "certifications": ";".join(
                    rng.sample(["ISO 9001", "ISO 14001", "ISO 45001"], k=rng.randint(0, 2))
                ),
            }
        )
        for n in range(rng.randint(5, 10)):
            products.append(_product(rng, tax, foreign, focus, n))
    return suppliers, products


_EN_UNITS = [
    ("tấn hơi/h", "t steam/h"),
    ("tấn/ngày", "t/day"),
    ("kg/ngày", "kg/day"),
    ("m³/ngày", "m³/day"),
    ("kg/giờ", "kg/h"),
    ("tấn/giờ", "t/h"),
    ("tấn/h", "t/h"),
    ("m³/phút", "m³/min"),
    ("khối", "m³"),
    ("lít", "L"),
    ("ngày", "days"),
    ("tháng/lần", "months"),
    ("tháng", "months"),
    ("túi", "bags"),
    ("tấn", "t"),
    ("ngăn", "compartments"),
    ("cấp", "stages"),
    ("Hà Nội và các tỉnh lân cận", "Hanoi and neighbouring provinces"),
    ("Hà Nội", "Hanoi"),
    ("inox", "stainless steel"),
    ("thép CT3 sơn epoxy", "epoxy-coated steel"),
    ("nhựa", "plastic"),
    ("thép", "steel"),
]


def english_value(value: str) -> str:
    """The value with the few replacements above; what they leave in Vietnamese (lists
    of measured pollutants) as the site's dictionary reads it in English."""
    english = value
    for vi, en in _EN_UNITS:
        english = english.replace(vi, en)
    if english.isascii():
        return english
    return spec_terms.english_value(value) or english


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def fold_domain(name_en: str) -> str:
    words = [
        w
        for w in name_en.lower().replace(",", " ").replace(".", " ").split()
        if w not in {"co", "ltd", "jsc", "vietnam"}
    ]
    return "".join(words[:2])


def _product(
    rng: random.Random,
    tax: str,
    foreign: tuple[str, str, str, str] | None,
    focus: list[str],
    n: int,
) -> dict[str, object]:
    sub = rng.choice(focus) if rng.random() < 0.85 else rng.choice(list(TYPES))
    name_vi, name_en, specs, (lo, hi), hs = rng.choice(TYPES[sub])
    chosen = [(key, rng.choice(values)) for key, values in specs]
    headline = chosen[0][1]
    origin = (
        foreign[1]
        if foreign
        else ("VN" if rng.random() < 0.8 else rng.choice(["CN", "JP", "KR", "DE", "TW"]))
    )
    local = rng.randint(0, 25) if origin != "VN" else rng.randint(40, 100)
    million = rng.randint(lo * 10, max(hi * 10, lo * 10 + 1)) / 10
    price = int(max(million, 0.2) * 1_000_000) // 10_000 * 10_000
    made = "Sản xuất tại Việt Nam" if origin == "VN" else "Hàng nhập khẩu chính hãng, đầy đủ CO, CQ"
    spec_text = "; ".join(f"{k}: {v}" for k, v in chosen)
    desc = (
        f"{name_vi} {headline}. {made}. Thông số: {spec_text}. Bảo hành "
        f"{rng.choice(WARRANTY)}, lắp đặt và hướng dẫn vận hành tại công trình."
    )
    desc_en = (
        (
            f"{name_en}, {english_value(headline)}. "
            + ("Made in Vietnam." if origin == "VN" else f"Imported, made in {origin}.")
            + " Installation and operator training included."
        )
        if rng.random() < 0.6
        else ""
    )
    prefix = "".join(w[0] for w in name_en.split()[:3] if w[0].isalnum()).upper()
    return {
        "supplier_tax_code": tax,
        "sku": f"{prefix}-{n + 1:03d}",
        "name": f"{name_vi} {headline}",
        "name_en": f"{name_en} – {english_value(headline)}" if rng.random() < 0.85 else "",
        "category": sub,
        "description": desc,
        "description_en": desc_en,
        "origin": origin,
        "local_content_pct": local if rng.random() < 0.9 else "",
        "hs_code": hs,
        "price_vnd": price if rng.random() < 0.85 else "",
        "specs": spec_text,
    }


@dataclass
class Loaded:
    registry: ImportReport | None  # None when only the supply records were loaded
    supply: ImportReport | None  # None when the registry has them already


def load(session: Session, n_suppliers: int = 90, seed: int = SEED) -> Loaded:
    """Fill an empty registry with the demo data set, then the supply records of
    2024–2026 for it. Raises NotEmpty otherwise."""
    if session.scalar(select(func.count()).select_from(Supplier)):
        raise NotEmpty("the registry already has suppliers; demo data goes into an empty one")
    suppliers, products = build(n_suppliers, seed)
    report = import_registry(
        session,
        ("demo-suppliers.csv", _csv(SUPPLIER_COLUMNS, suppliers)),
        ("demo-products.csv", _csv(PRODUCT_COLUMNS, products)),
    )
    rng = random.Random(seed + 1)  # nosec B311 - reproducible demo data
    for supplier in session.scalars(select(Supplier).order_by(Supplier.tax_code)):
        if rng.random() < 0.7:
            set_verification_state(
                session, supplier, VerificationState.VERIFIED, "demo", "demo data"
            )
    return Loaded(report, supply.load(session, suppliers, products, seed + 2))


def load_missing_supply(session: Session, n_suppliers: int = 90, seed: int = SEED) -> Loaded:
    """The supply records alone, for a demo registry loaded before they existed: only
    when there are none yet and every demo supplier and product is in the registry
    (so the links hold); otherwise nothing."""
    if supply.has_records(session):
        return Loaded(None, None)
    suppliers, products = build(n_suppliers, seed)
    skus = {(str(p["supplier_tax_code"]), str(p["sku"])) for p in products}
    links = load_links(session, {str(s["tax_code"]) for s in suppliers}, skus)
    if len(links.suppliers) < len(suppliers) or len(links.products) < len(skus):
        return Loaded(None, None)
    return Loaded(None, supply.load(session, suppliers, products, seed + 2))
