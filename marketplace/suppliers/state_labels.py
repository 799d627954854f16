"""Verification states as officials read them, in the reader's language (the one
labels table of marketplace/i18n/labels.py, as a value -> text mapping)."""

from __future__ import annotations

from marketplace.suppliers.models import VerificationState


def state_labels() -> dict[str, str]:
    from marketplace.i18n.labels import label

    return {state.value: label(state) for state in VerificationState}
