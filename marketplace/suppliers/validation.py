"""Field validators shared by the forms, the registry import and the services.

Each returns the canonical value or raises ValueError with a message that says
what is wrong (shown to users, so it goes through gettext)."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from email_validator.validate_email import CASE_INSENSITIVE_MAILBOX_NAMES
from flask_babel import lazy_gettext as _l
from stdnum.vn import mst

from marketplace.imports.quoting import shown

_PHONE = re.compile(r"^(\+84|0)\d{8,10}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


def tax_code(value: str) -> str:
    """A valid MST: 10 digits, or 10 digits '-' 3 digits for a branch (check digit
    verified). Each refusal names its real cause."""
    raw = value.strip()
    if re.fullmatch(r"\d{9}(-?\d{3})?", raw):
        raise ValueError(
            str(
                _l(
                    "tax code %(code)s has 9 digits: a spreadsheet may have dropped its "
                    "leading zero (format the column as text)",
                    code=raw,
                )
            )
        )
    if not re.fullmatch(r"\d{10}(-?\d{3})?", raw):
        raise ValueError(
            str(
                _l(
                    "tax code must be 10 digits, or 10 digits-3 digits for a branch "
                    "(got %(value)s)",
                    value=shown(raw),
                )
            )
        )
    digits = raw.replace("-", "")
    if digits[2:9] == "0000000":
        raise ValueError(
            str(_l("tax code %(code)s has a zero serial number (digits 3 to 9)", code=raw))
        )
    if len(digits) == 13 and digits[10:] == "000":
        raise ValueError(str(_l("tax code %(code)s: branch number 000 is not valid", code=raw)))
    if mst.calc_check_digit(digits) != digits[9]:
        raise ValueError(str(_l("tax code %(code)s fails the check digit", code=raw)))
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"


def tax_code_or_none(value: str) -> str | None:
    try:
        return tax_code(value)
    except ValueError:
        return None


def phone(value: str) -> str:
    compact = re.sub(r"[\s.()-]", "", value)
    if not _PHONE.match(compact):
        raise ValueError(str(_l("phone number must be a Vietnamese number, e.g. 024 3778 4117")))
    return compact


# The common case, checked without the full validator (which costs ~0.5 ms an
# address in an import of thousands): ASCII dot-atom local part, LDH domain labels,
# alphabetic top-level domain. Anything else gets the full check and its message.
_SIMPLE_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def email(value: str) -> str:
    simple = value.strip()
    if len(simple) <= 254 and _SIMPLE_EMAIL.fullmatch(simple):
        local, _at, domain = simple.rpartition("@")
        if len(local) <= 64:
            # As email_validator normalises: lower-case domain, and role mailboxes
            # (info@, postmaster@...) lower-cased too.
            if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
                local = local.lower()
            return f"{local}@{domain.lower()}"
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        # The validator's reason is English only: name the value and the expected form.
        raise ValueError(
            str(_l("%(value)s is not an e-mail address such as info@example.vn", value=simple))
        ) from None


def website(value: str) -> str:
    url = value.strip()
    if not _URL.match(url):
        raise ValueError(
            str(
                _l(
                    "website must be an http:// or https:// address (got %(value)s)",
                    value=shown(url),
                )
            )
        )
    return url


def certifications(value: str) -> str | None:
    items = [c.strip() for c in value.split(";") if c.strip()]
    return ";".join(dict.fromkeys(items)) or None
