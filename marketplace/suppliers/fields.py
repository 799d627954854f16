"""Cleaning of supplier fields, one code path for the profile form and the import.

`clean_supplier` takes raw strings under the import column names and returns the
model attributes, or the errors per field. Business rules that need the database
(uniqueness) live in the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

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


def _int(value: str, lo: int, hi: int) -> int:
    try:
        number = int(value.replace(".", "").replace(",", "").strip())
    except ValueError:
        raise ValueError(_("must be a whole number")) from None
    if not lo <= number <= hi:
        raise ValueError(_("must be between %(lo)d and %(hi)d", lo=lo, hi=hi))
    return number


def clean_supplier(raw: Mapping[str, str | None]) -> Cleaned:
    out = Cleaned()
    get = {k: (raw.get(k) or "").strip() for k in SUPPLIER_COLUMNS}
    for col in REQUIRED_SUPPLIER_COLUMNS:
        if not get[col]:
            out.errors[col] = _("is required")
    for col, limit in _TEXT_LIMITS.items():
        if len(get[col]) > limit:
            out.errors[col] = _("is longer than %(n)d characters", n=limit)
        elif col not in out.errors:
            out.values[col] = get[col] or None

    def attempt(col: str, fn) -> None:  # type: ignore[no-untyped-def]
        if not get[col] or col in out.errors:
            if col not in out.errors:
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
    attempt("founded_year", lambda v: _int(v, 1900, 2100))
    attempt("employees", lambda v: _int(v, 0, 1_000_000))
    out.values["certifications"] = validation.certifications(get["certifications"])

    if get["ownership"]:
        try:
            out.values["ownership"] = Ownership(get["ownership"].lower())
        except ValueError:
            out.errors["ownership"] = _("must be domestic, foreign or joint_venture")

    if get["province"]:
        match = geography.match_province(get["province"])
        if match is None:
            out.errors["province"] = _("unknown province %(name)s", name=get["province"])
        else:
            out.values["province"] = match.province.name
            if match.old_name:
                out.warnings.append(
                    _(
                        "province %(old)s was merged into %(new)s in 2025; stored as %(new)s",
                        old=get["province"],
                        new=match.province.name,
                    )
                )
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
    return out
