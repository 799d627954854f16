"""The verification state machine: which action moves a supplier from which state to
which. Every change of `Supplier.state` goes through `next_state`."""

from __future__ import annotations

import enum

from flask_babel import gettext as _

from marketplace.errors import Conflict
from marketplace.suppliers.models import VerificationState as S


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the supplier's staff ask for a review (again)
    APPROVE = "approve"
    REJECT = "reject"
    SUSPEND = "suspend"
    RESTORE = "restore"
    # Not chosen by anyone: a verified field changed, so the badge no longer holds.
    WITHDRAW = "withdraw"


TRANSITIONS: dict[tuple[S, Action], S] = {
    (S.PENDING, Action.SUBMIT): S.PENDING,
    (S.REJECTED, Action.SUBMIT): S.PENDING,
    (S.PENDING, Action.APPROVE): S.VERIFIED,
    (S.PENDING, Action.REJECT): S.REJECTED,
    (S.VERIFIED, Action.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, Action.RESTORE): S.VERIFIED,
    (S.VERIFIED, Action.WITHDRAW): S.PENDING,
}
OFFICIAL_ACTIONS = frozenset({Action.APPROVE, Action.REJECT, Action.SUSPEND, Action.RESTORE})
# The supplier reads the reason of every official decision but an approval.
REASON_REQUIRED = frozenset({Action.REJECT, Action.SUSPEND, Action.RESTORE})
# The audit event's action for each transition (past tense, as the audit log reads).
AUDIT_ACTION = {
    Action.SUBMIT: "submitted",
    Action.APPROVE: "approved",
    Action.REJECT: "rejected",
    Action.SUSPEND: "suspended",
    Action.RESTORE: "restored",
    Action.WITHDRAW: "withdrawn",
}


class InvalidTransition(Conflict):
    """The action does not apply to the supplier's current state (HTTP 409)."""

    def __init__(self, state: S, action: Action, message: str = "") -> None:
        super().__init__(
            message
            or _(
                "A supplier that is %(state)s cannot be %(action)s.",
                state=state_label(state),
                action=action_label(action),
            )
        )
        self.state = state
        self.action = action


def next_state(state: S, action: Action) -> S:
    """The state `action` leads to from `state`; InvalidTransition when none."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise InvalidTransition(state, action) from None


def official_action_to(state: S, target: S) -> Action:
    """The officials' action that moves `state` to `target` (the CLI names a state)."""
    for (source, action), result in TRANSITIONS.items():
        if source == state and result == target and action in OFFICIAL_ACTIONS:
            return action
    raise InvalidTransition(
        state,
        Action.APPROVE,
        _(
            "A supplier that is %(state)s cannot be made %(target)s by an official.",
            state=state_label(state),
            target=state_label(target),
        ),
    )


def state_label(state: S | str) -> str:
    return {
        "pending": _("awaiting verification"),
        "verified": _("verified"),
        "rejected": _("rejected"),
        "suspended": _("suspended"),
    }.get(str(state), str(state))


def action_label(action: Action | str) -> str:
    from marketplace.i18n.labels import label  # labels imports this module

    return label(action, "verification_action")
