"""Import every model so metadata is complete (Alembic, create_all)."""

from marketplace.accounts.models import Role, User
from marketplace.audit.models import AuditEvent
from marketplace.categories.models import Category, Target
from marketplace.imports.models import ImportBatch, ImportBatchRow, ImportUpload
from marketplace.indexing.models import IndexOutbox
from marketplace.jobs.models import Job
from marketplace.products.models import Product, ProductOldSku, ProductPhoto, ProductSpec
from marketplace.share.models import ShareCell, ShareCoverage, SupplyRecord
from marketplace.suppliers.models import Supplier, VerificationEvent

__all__ = [
    "AuditEvent",
    "Category",
    "IndexOutbox",
    "ImportBatch",
    "ImportBatchRow",
    "ImportUpload",
    "Job",
    "Product",
    "ProductOldSku",
    "ProductPhoto",
    "ProductSpec",
    "Role",
    "ShareCell",
    "ShareCoverage",
    "Supplier",
    "SupplyRecord",
    "Target",
    "User",
    "VerificationEvent",
]
