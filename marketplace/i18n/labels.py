"""Stored enum values in words, in the page's language: pages never show `pending`,
`joint_venture` or `supplier_staff`. Templates use the `label` filter
(`{{ supplier.state|label }}`); code calls `label()`; forms take `choices()`.

Every enum a page can show has a table here; tests/main/test_labels.py fails on an enum
of the app that has none (or on a member missing from its table)."""

from __future__ import annotations

import enum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import Role
from marketplace.buyers.requests import RequestKind
from marketplace.imports.models import UploadStatus
from marketplace.inquiries.models import InquiryState
from marketplace.jobs.models import JobStatus
from marketplace.rfqs.machine import QuoteAction, RfqAction
from marketplace.rfqs.models import QuoteState, RfqState
from marketplace.rfqs.queries import InboxState
from marketplace.share.models import SupplySource
from marketplace.suppliers.models import Ownership, VerificationState
from marketplace.verification.machine import Action
from marketplace.verification.models import DocumentKind

TABLES: dict[type, dict[str, LazyString]] = {
    RfqState: {
        RfqState.DRAFT: _l("Draft"),
        RfqState.OPEN: _l("Open for quotes"),
        RfqState.CLOSED: _l("Closed"),
        RfqState.AWARDED: _l("Awarded"),
        RfqState.CANCELLED: _l("Cancelled"),
    },
    QuoteState: {
        QuoteState.SUBMITTED: _l("Submitted"),
        QuoteState.REVISED: _l("Revised"),
        QuoteState.WITHDRAWN: _l("Withdrawn"),
        QuoteState.WON: _l("Chosen"),
        QuoteState.LOST: _l("Not selected"),
    },
    # What happened to a request for quotation or a quote, as its history says it.
    RfqAction: {
        RfqAction.PUBLISH: _l("published"),
        RfqAction.CLOSE: _l("closed"),
        RfqAction.AWARD: _l("awarded"),
        RfqAction.CANCEL: _l("cancelled"),
    },
    QuoteAction: {
        QuoteAction.REVISE: _l("revised"),
        QuoteAction.WITHDRAW: _l("withdrawn"),
        QuoteAction.WIN: _l("chosen"),
        QuoteAction.LOSE: _l("not selected"),
    },
    InboxState: {
        InboxState.NEW: _l("New"),
        InboxState.QUOTED: _l("Quoted"),
        InboxState.WON: _l("Won"),
        InboxState.LOST: _l("Not selected"),
        InboxState.CLOSED: _l("Closed"),
    },
    VerificationState: {
        VerificationState.PENDING: _l("Awaiting verification"),
        VerificationState.VERIFIED: _l("Verified"),
        VerificationState.REJECTED: _l("Rejected"),
        VerificationState.SUSPENDED: _l("Suspended"),
    },
    Ownership: {
        Ownership.DOMESTIC: _l("Domestic company"),
        Ownership.FOREIGN: _l("Foreign company or distributor"),
        Ownership.JOINT_VENTURE: _l("Joint venture"),
    },
    Role: {
        Role.BUYER: _l("Buyer"),
        Role.SUPPLIER_STAFF: _l("Supplier staff"),
        Role.OFFICIAL: _l("Official"),
        Role.ADMIN: _l("Administrator"),
    },
    JobStatus: {
        JobStatus.QUEUED: _l("Waiting to start"),
        JobStatus.RUNNING: _l("Running"),
        JobStatus.SUCCEEDED: _l("Done"),
        JobStatus.FAILED: _l("Failed"),
    },
    SupplySource: {
        SupplySource.PROCUREMENT: _l("Public procurement"),
        SupplySource.INSTALLATION: _l("Installation reports"),
        SupplySource.SURVEY: _l("Surveys"),
        SupplySource.MARKETPLACE: _l("Awards on this site"),
    },
    UploadStatus: {
        UploadStatus.VALIDATING: _l("Checking the files"),
        UploadStatus.INVALID: _l("Problems found"),
        UploadStatus.READY: _l("Ready to import"),
        UploadStatus.UNCHANGED: _l("Nothing to import"),
        UploadStatus.COMMITTING: _l("Importing"),
        UploadStatus.COMMITTED: _l("Import complete"),
        UploadStatus.FAILED: _l("Failed"),
        UploadStatus.CANCELLED: _l("Cancelled"),
    },
    DocumentKind: {
        DocumentKind.BUSINESS_REGISTRATION: _l("Business registration certificate"),
        DocumentKind.ISO: _l("ISO certificate"),
        DocumentKind.CO_CQ: _l("Certificate of origin / quality (CO/CQ)"),
        DocumentKind.OTHER: _l("Other certificate"),
    },
    # What happened to a supplier's verification, as its history says it.
    Action: {
        Action.SUBMIT: _l("submitted for review"),
        Action.APPROVE: _l("approved"),
        Action.REJECT: _l("rejected"),
        Action.SUSPEND: _l("suspended"),
        Action.RESTORE: _l("restored"),
        Action.WITHDRAW: _l("returned to the queue"),
    },
    InquiryState: {
        InquiryState.NEW: _l("New"),
        InquiryState.ANSWERED: _l("Answered"),
        InquiryState.CLOSED: _l("Closed"),
    },
    RequestKind: {
        RequestKind.INQUIRY: _l("Inquiry"),
        RequestKind.RFQ: _l("Request for quotation"),
    },
}
# Raw values (a JSON report, an aggregate's row) name their enum.
KINDS: dict[str, type[enum.Enum]] = {
    "verification": VerificationState,
    "ownership": Ownership,
    "role": Role,
    "job": JobStatus,
    "source": SupplySource,
    "upload": UploadStatus,
    "document": DocumentKind,
    "verification_action": Action,
    "inquiry": InquiryState,
    "inbox": InboxState,
    "rfq": RfqState,
}


def label(value: enum.Enum | str | None, kind: str | None = None) -> str:
    """`value` in words. An enum member finds its own table; a plain string needs
    `kind` (a key of KINDS). None is empty; a value with no label shows as stored
    rather than failing a page."""
    if value is None:
        return ""
    table = TABLES.get(type(value) if kind is None else KINDS[kind])
    if table is None:
        return str(value.value if isinstance(value, enum.Enum) else value)
    key = value.value if isinstance(value, enum.Enum) else value
    text = table.get(key)
    return str(text) if text is not None else str(key)


def choices(enum_type: type[enum.Enum]) -> list[tuple[str, LazyString]]:
    """(value, label) pairs in declaration order, for a SelectField or RadioField."""
    return [(str(member.value), TABLES[enum_type][member.value]) for member in enum_type]
