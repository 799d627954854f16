"""Suppliers' own catalogues: import uploads and batches scoped to one supplier;
old SKUs that redirect; when a product was first published (unpublished products
may be deleted).

Revision ID: 0012
Revises: 0007
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch_op:
        batch_op.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
    # Before this column every product was created listed, so each existing one may
    # have been seen: counted as published (it can be withdrawn, never deleted).
    products = sa.table(
        "products", sa.column("published_at", sa.DateTime), sa.column("created_at", sa.DateTime)
    )
    op.execute(products.update().values(published_at=products.c.created_at))

    op.create_table(
        "product_old_skus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_old_skus_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_product_old_skus_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_old_skus")),
        sa.UniqueConstraint("supplier_id", "sku", name=op.f("uq_product_old_skus_supplier_id_sku")),
    )
    with op.batch_alter_table("product_old_skus") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_old_skus_product_id"), ["product_id"], unique=False
        )

    with op.batch_alter_table("import_uploads") as batch_op:
        batch_op.add_column(sa.Column("supplier_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_import_uploads_supplier_id"), ["supplier_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_import_uploads_supplier_id_suppliers"),
            "suppliers",
            ["supplier_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.add_column(sa.Column("supplier_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_import_batches_supplier_id"), ["supplier_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_import_batches_supplier_id_suppliers"),
            "suppliers",
            ["supplier_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_import_batches_supplier_id_suppliers"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_import_batches_supplier_id"))
        batch_op.drop_column("supplier_id")
    with op.batch_alter_table("import_uploads") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_import_uploads_supplier_id_suppliers"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_import_uploads_supplier_id"))
        batch_op.drop_column("supplier_id")
    with op.batch_alter_table("product_old_skus") as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_old_skus_product_id"))
    op.drop_table("product_old_skus")
    with op.batch_alter_table("products") as batch_op:
        batch_op.drop_column("published_at")
