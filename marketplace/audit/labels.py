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
    "verification_document": _l("Verification document"),
    "invitation": _l("Invitation"),
    "merge": _l("Supplier merge"),
    "session": _l("Login session"),
    "duplicate_pair": _l("Possible duplicate"),
    "inquiry": _l("Inquiry"),
    "rfq": _l("Request for quotation"),
    "quote": _l("Quote"),
}
ACTIONS: dict[str, Any] = {
    "created": _l("created"),
    "updated": _l("changed"),
    "deleted": _l("deleted"),
    "imported": _l("imported"),
    "reverted": _l("reverted"),
    "submitted": _l("submitted for review"),
    "approved": _l("approved"),
    "rejected": _l("rejected"),
    "suspended": _l("suspended"),
    "restored": _l("restored"),
    "withdrawn": _l("returned to the queue"),
    "merged": _l("merged"),
    "absorbed": _l("merged into another"),
    "merge_undone": _l("merge undone"),
    "not_duplicate": _l("marked not duplicates"),
    "invited": _l("invited"),
    "revoked": _l("invitation withdrawn"),
    "accepted": _l("invitation accepted"),
    "role_changed": _l("role changed"),
    "deactivated": _l("deactivated"),
    "reactivated": _l("reactivated"),
    "linked": _l("linked to a supplier"),
    "unlinked": _l("unlinked from a supplier"),
    "sessions_ended": _l("logged out everywhere"),
    "password_changed": _l("password changed"),
    "password_reset": _l("password reset"),
    "cover_chosen": _l("cover photo chosen"),
    "photos_reordered": _l("photos reordered"),
    "noted": _l("noted"),
    "ended": _l("ended"),
    "closed": _l("closed"),
    "reopened": _l("reopened"),
    "published": _l("published"),
    "awarded": _l("awarded"),
    "cancelled": _l("cancelled"),
    "revised": _l("revised"),
}
# The same word means something else for some entities ("submitted" is a
# verification sent for review, but a quote sent to a buyer): looked up first.
ENTITY_ACTIONS: dict[tuple[str, str], Any] = {
    ("quote", "submitted"): _l("quote sent"),
    ("quote", "revised"): _l("quote revised"),
    ("quote", "withdrawn"): _l("quote withdrawn"),
    ("rfq", "published"): _l("published and suppliers invited"),
    ("rfq", "closed"): _l("closed without an award"),
    ("rfq", "awarded"): _l("awarded to a quote"),
    ("rfq", "cancelled"): _l("cancelled"),
}


def entity_label(code: str) -> str:
    return str(ENTITIES.get(code, code))


def action_label(code: str, entity: str | None = None) -> str:
    """The action's name, in the words of `entity` when it has its own."""
    found = ENTITY_ACTIONS.get((entity, code)) if entity else None
    return str(found if found is not None else ACTIONS.get(code, code))
