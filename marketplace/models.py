"""Import every model so metadata is complete (Alembic, create_all)."""

from marketplace.accounts.models import Role, User
from marketplace.categories.models import Category, Target
from marketplace.imports.models import ImportBatch, ImportBatchRow, ImportUpload
from marketplace.indexing.models import IndexOutbox
from marketplace.jobs.models import Job
from marketplace.products.models import Product, ProductPhoto, ProductSpec
from marketplace.suppliers.models import Supplier, VerificationEvent

__all__ = [
    "Category",
    "IndexOutbox",
    "ImportBatch",
    "ImportBatchRow",
    "ImportUpload",
    "Job",
    "Product",
    "ProductPhoto",
    "ProductSpec",
    "Role",
    "Supplier",
    "Target",
    "User",
    "VerificationEvent",
]
