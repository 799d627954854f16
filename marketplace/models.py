"""Import every model so metadata is complete (Alembic, create_all)."""

from marketplace.accounts.models import Invitation, RateLimitCounter, Role, User, UserSession
from marketplace.attachments.models import Attachment
from marketplace.audit.models import AuditEvent
from marketplace.buyers.models import SavedSearch, SavedSearchHit, ShortlistItem
from marketplace.categories.models import Category, Target
from marketplace.imports.models import ImportBatch, ImportBatchRow, ImportBatchRun, ImportUpload
from marketplace.indexing.models import IndexOutbox
from marketplace.inquiries.models import Inquiry, InquiryMessage
from marketplace.jobs.models import Job
from marketplace.notifications.models import DigestItem, Notification, NotificationPreference
from marketplace.products.models import Product, ProductOldSku, ProductPhoto, ProductSpec
from marketplace.quality.models import DuplicateDismissal, SupplierMerge
from marketplace.rfqs.models import (
    Quote,
    QuoteAttachment,
    QuoteRevision,
    Rfq,
    RfqInvitation,
    RfqMessage,
    RfqSpec,
)
from marketplace.share.models import ShareCell, ShareCoverage, SupplyRecord
from marketplace.suppliers.models import Supplier, VerificationEvent
from marketplace.verification.models import VerificationDocument

__all__ = [
    "Attachment",
    "AuditEvent",
    "Category",
    "DigestItem",
    "DuplicateDismissal",
    "IndexOutbox",
    "Inquiry",
    "InquiryMessage",
    "ImportBatch",
    "ImportBatchRow",
    "ImportBatchRun",
    "ImportUpload",
    "Invitation",
    "Job",
    "Notification",
    "NotificationPreference",
    "Product",
    "ProductOldSku",
    "ProductPhoto",
    "ProductSpec",
    "Quote",
    "QuoteAttachment",
    "QuoteRevision",
    "RateLimitCounter",
    "SavedSearch",
    "SavedSearchHit",
    "ShortlistItem",
    "Rfq",
    "RfqInvitation",
    "RfqMessage",
    "RfqSpec",
    "Role",
    "ShareCell",
    "ShareCoverage",
    "Supplier",
    "SupplierMerge",
    "SupplyRecord",
    "Target",
    "User",
    "VerificationDocument",
    "UserSession",
    "VerificationEvent",
]
