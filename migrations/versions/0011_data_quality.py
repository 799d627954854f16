"""Data quality: pairs of suppliers dismissed as "not duplicates", and supplier
merges with what they moved (for their undo).

Revision ID: 0011
Revises: 0007
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duplicate_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("low_id < high_id", name=op.f("ck_duplicate_dismissals_ordered_pair")),
        sa.ForeignKeyConstraint(
            ["low_id"], ["suppliers.id"], ondelete="CASCADE",
            name=op.f("fk_duplicate_dismissals_low_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["high_id"], ["suppliers.id"], ondelete="CASCADE",
            name=op.f("fk_duplicate_dismissals_high_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_duplicate_dismissals_actor_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_dismissals")),
        sa.UniqueConstraint("low_id", "high_id", name=op.f("uq_duplicate_dismissals_low_id_high_id")),
    )
    op.create_table(
        "supplier_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("merged_state", sa.String(length=20), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kept_id"], ["suppliers.id"], ondelete="CASCADE",
            name=op.f("fk_supplier_merges_kept_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["suppliers.id"], ondelete="CASCADE",
            name=op.f("fk_supplier_merges_merged_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_supplier_merges_actor_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_supplier_merges_undone_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_merges")),
    )
    op.create_index(op.f("ix_supplier_merges_kept_id"), "supplier_merges", ["kept_id"])
    op.create_index(op.f("ix_supplier_merges_merged_id"), "supplier_merges", ["merged_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_supplier_merges_merged_id"), table_name="supplier_merges")
    op.drop_index(op.f("ix_supplier_merges_kept_id"), table_name="supplier_merges")
    op.drop_table("supplier_merges")
    op.drop_table("duplicate_dismissals")
