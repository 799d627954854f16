"""Import batches (who, when, file, counts, each row before/after); local content
with two decimals (stored in hundredths); SKUs that always form a URL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _url_safe_skus() -> None:
    """SKUs allowed before that cannot form a URL: a slash becomes a dash, `.` and `..`
    become `sku-<id>`; a suffix (-2, -3...) keeps each unique within its supplier."""
    conn = op.get_bind()
    products = sa.table(
        "products", sa.column("id", sa.Integer), sa.column("supplier_id", sa.Integer),
        sa.column("sku", sa.String),
    )
    bad = conn.execute(
        sa.select(products.c.id, products.c.supplier_id, products.c.sku).where(
            sa.or_(products.c.sku.like("%/%"), products.c.sku.in_([".", ".."]))
        )
    ).all()
    for pk, supplier_id, sku in bad:
        taken = {
            s.lower()
            for s in conn.scalars(
                sa.select(products.c.sku).where(products.c.supplier_id == supplier_id)
            )
        }
        base = f"sku-{pk}" if sku in (".", "..") else sku.replace("/", "-")
        new, n = base[:64], 2
        while new.lower() in taken:
            new, n = f"{base[:60]}-{n}", n + 1
        conn.execute(products.update().where(products.c.id == pk).values(sku=new))


def upgrade() -> None:
    _url_safe_skus()  # data first: a failure leaves no half-made tables behind
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("files", sa.String(length=1000), nullable=False),
        sa.Column("sha256", sa.String(length=500), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reverted_at", sa.DateTime(), nullable=True),
        sa.Column("reverted_by", sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"],
            name=op.f("fk_import_batches_actor_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(
        op.f("ix_import_batches_created_at"), "import_batches", ["created_at"], unique=False
    )
    op.create_table(
        "import_batch_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"],
            name=op.f("fk_import_batch_rows_batch_id_import_batches"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch_rows")),
    )
    op.create_index(
        op.f("ix_import_batch_rows_batch_id"), "import_batch_rows", ["batch_id"], unique=False
    )

    op.create_table(
        "import_uploads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "validating", "invalid", "ready", "committing", "committed", "failed",
                "cancelled", name="upload_status", native_enum=False, create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("job_id", sa.String(length=32), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_import_uploads_owner_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"],
            name=op.f("fk_import_uploads_batch_id_import_batches"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_uploads")),
    )

    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("local_content_bp", sa.Integer(), nullable=True))
    op.execute("UPDATE products SET local_content_bp = local_content_pct * 100")
    with op.batch_alter_table("products") as batch:
        batch.drop_constraint(op.f("ck_products_local_content_pct_range"), type_="check")
        batch.drop_column("local_content_pct")
        batch.create_check_constraint(
            op.f("ck_products_local_content_bp_range"),
            "local_content_bp IS NULL OR (local_content_bp >= 0 AND local_content_bp <= 10000)",
        )
        batch.create_check_constraint(
            op.f("ck_products_sku_url_safe"),
            "sku NOT IN ('.', '..') AND sku NOT LIKE '%/%' AND length(sku) BETWEEN 1 AND 64",
        )


def downgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.drop_constraint(op.f("ck_products_sku_url_safe"), type_="check")
        batch.drop_constraint(op.f("ck_products_local_content_bp_range"), type_="check")
        batch.add_column(sa.Column("local_content_pct", sa.Integer(), nullable=True))
    op.execute("UPDATE products SET local_content_pct = local_content_bp / 100")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("local_content_bp")
        batch.create_check_constraint(
            op.f("ck_products_local_content_pct_range"),
            "local_content_pct IS NULL OR (local_content_pct >= 0 AND local_content_pct <= 100)",
        )
    op.drop_table("import_uploads")
    op.drop_index(op.f("ix_import_batch_rows_batch_id"), table_name="import_batch_rows")
    op.drop_table("import_batch_rows")
    op.drop_index(op.f("ix_import_batches_created_at"), table_name="import_batches")
    op.drop_table("import_batches")
