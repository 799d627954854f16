"""Verification states as officials read them, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.suppliers.models import VerificationState


def state_labels() -> dict[str, str]:
    return {
        VerificationState.PENDING.value: _("Awaiting verification"),
        VerificationState.VERIFIED.value: _("Verified"),
        VerificationState.REJECTED.value: _("Rejected"),
        VerificationState.SUSPENDED.value: _("Suspended"),
    }
