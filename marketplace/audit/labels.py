"""Names of audited things and actions in the page's language; codes not listed
here (added by a newer feature) are shown as they are."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

ENTITIES: dict[str, Any] = {
    "supplier": _l("Supplier profile"),
    "product": _l("Product"),
    "product_spec": _l("Product specification"),
    "product_photo": _l("Product photo"),
    "user": _l("User account"),
    "verification": _l("Verification"),
    "import_batch": _l("Import"),
    "supply_record": _l("Supply record"),
    "target": _l("Target"),
}
ACTIONS: dict[str, Any] = {
    "created": _l("created"),
    "updated": _l("changed"),
    "deleted": _l("deleted"),
    "imported": _l("imported"),
    "reverted": _l("reverted"),
}


def entity_label(code: str) -> str:
    return str(ENTITIES.get(code, code))


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))
