"""Cleaning of supplier fields, one code path for the profile form and the import.

`clean_supplier` takes raw strings under the import column names and returns the
model attributes, or the errors per field. Business rules that need the database
(uniqueness) live in the services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from marketplace.imports import layouts
from marketplace.imports.numbers import parse_int
from marketplace.imports.quoting import shown
from marketplace.suppliers import geography, validation
from marketplace.suppliers.models import Ownership

SUPPLIER_COLUMNS = (
    "tax_code",
    "name",
    "name_en",
    "province",
    "commune",
    "address",
    "website",
    "email",
    "phone",
    "ownership",
    "founded_year",
    "employees",
    "description",
    "description_en",
    "certifications",
)
REQUIRED_SUPPLIER_COLUMNS = ("tax_code", "name", "province", "ownership")
SUPPLIER_LAYOUT = layouts.Layout(
    label=lambda: _("a suppliers file"),
    field=lambda: _("Suppliers file"),
    columns=SUPPLIER_COLUMNS,
    required=frozenset(REQUIRED_SUPPLIER_COLUMNS),
    example={
        "tax_code": "0112345676",
        "name": "Công ty TNHH Thiết bị Môi trường Xanh",
        "name_en": "Green Environmental Equipment Co., Ltd.",
        "province": "Hà Nội",
        "commune": "Phường Cầu Giấy",
        "address": "12 Trần Thái Tông",
        "website": "https://example.vn",
        "email": "info@example.vn",
        "phone": "024 3778 4117",
        "ownership": "domestic",
        "founded_year": "2008",
        "employees": "120",
        "description": "Sản xuất máy ép bùn và thiết bị xử lý nước thải",
        "description_en": "Makes sludge presses and wastewater treatment equipment",
        "certifications": "ISO 9001;ISO 14001",
    },
    identity=("tax_code", "name"),
)
layouts.register("suppliers", SUPPLIER_LAYOUT)
_TEXT_LIMITS = {
    "name": 300,
    "name_en": 300,
    "address": 500,
    "description": 10000,
    "description_en": 10000,
}


@dataclass
class Cleaned:
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def clean_supplier(raw: Mapping[str, str | None]) -> Cleaned:
    """Check the columns present in `raw`; only those appear in the values (an absent
    column leaves the stored value as it is, an empty one clears it)."""
    out = Cleaned()
    get = {k: (raw[k] or "").strip() for k in SUPPLIER_COLUMNS if k in raw}
    for col in REQUIRED_SUPPLIER_COLUMNS:
        if not get.get(col):
            out.errors[col] = _("is required")
    for col, limit in _TEXT_LIMITS.items():
        if col not in get:
            continue
        if len(get[col]) > limit:
            out.errors[col] = _("is longer than %(n)d characters", n=limit)
        elif col not in out.errors:
            out.values[col] = get[col] or None

    def attempt(col: str, fn: Callable[[str], object]) -> None:
        if col not in get or col in out.errors:
            return
        if not get[col]:
            out.values[col] = None
            return
        try:
            out.values[col] = fn(get[col])
        except ValueError as exc:
            out.errors[col] = str(exc)

    attempt("tax_code", validation.tax_code)
    attempt("website", validation.website)
    attempt("email", validation.email)
    attempt("phone", validation.phone)
    attempt("founded_year", lambda v: parse_int(v, 1900, 2100))
    attempt("employees", lambda v: parse_int(v, 0, 1_000_000, grouped=True))
    if "certifications" in get:
        out.values["certifications"] = validation.certifications(get["certifications"])

    if get.get("ownership"):
        try:
            out.values["ownership"] = Ownership(get["ownership"].lower())
        except ValueError:
            out.errors["ownership"] = _(
                "must be domestic, foreign or joint_venture (got %(value)s)",
                value=shown(get["ownership"]),
            )

    if get.get("province"):
        _clean_place(get, out)
    return out


def _clean_place(get: dict[str, str], out: Cleaned) -> None:
    match = geography.match_province(get["province"])
    if match is None:
        out.errors["province"] = _("unknown province %(name)s", name=get["province"])
        return
    out.values["province"] = match.province.name
    if match.old_name:
        out.warnings.append(
            _(
                "province %(old)s was merged into %(new)s in 2025; stored as %(new)s",
                old=get["province"],
                new=match.province.name,
            )
        )
    if "commune" not in get:
        return
    out.values["commune"] = None
    if get["commune"]:
        commune = geography.match_commune(match.province, get["commune"])
        if commune is None:
            out.errors["commune"] = _(
                "%(commune)s is not a commune or ward of %(province)s",
                commune=get["commune"],
                province=match.province.name,
            )
        else:
            out.values["commune"] = commune
