"""Buyers' shortlists and saved searches; notification preferences and digests.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "notification_digest_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        _user_fk("notification_digest_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_digest_items")),
    )
    op.create_index(
        "ix_notification_digest_items_user_sent",
        "notification_digest_items",
        ["user_id", "sent_at"],
        unique=False,
    )
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=40), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        _user_fk("notification_preferences"),
        sa.PrimaryKeyConstraint("user_id", "group", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("notify", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        _user_fk("saved_searches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    op.create_index(op.f("ix_saved_searches_user_id"), "saved_searches", ["user_id"], unique=False)
    op.create_table(
        "shortlist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(product_id IS NULL) <> (supplier_id IS NULL)",
            name=op.f("ck_shortlist_items_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_shortlist_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_shortlist_items_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        _user_fk("shortlist_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlist_items")),
        sa.UniqueConstraint(
            "user_id", "product_id", name=op.f("uq_shortlist_items_user_id_product_id")
        ),
        sa.UniqueConstraint(
            "user_id", "supplier_id", name=op.f("uq_shortlist_items_user_id_supplier_id")
        ),
    )
    for column in ("product_id", "supplier_id", "user_id"):
        op.create_index(
            op.f(f"ix_shortlist_items_{column}"), "shortlist_items", [column], unique=False
        )
    op.create_table(
        "saved_search_hits",
        sa.Column("saved_search_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_saved_search_hits_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_searches.id"],
            name=op.f("fk_saved_search_hits_saved_search_id_saved_searches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("saved_search_id", "product_id", name=op.f("pk_saved_search_hits")),
    )
    op.create_index(
        op.f("ix_saved_search_hits_product_id"), "saved_search_hits", ["product_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_saved_search_hits_product_id"), table_name="saved_search_hits")
    op.drop_table("saved_search_hits")
    for column in ("user_id", "supplier_id", "product_id"):
        op.drop_index(op.f(f"ix_shortlist_items_{column}"), table_name="shortlist_items")
    op.drop_table("shortlist_items")
    op.drop_index(op.f("ix_saved_searches_user_id"), table_name="saved_searches")
    op.drop_table("saved_searches")
    op.drop_table("notification_preferences")
    op.drop_index("ix_notification_digest_items_user_sent", table_name="notification_digest_items")
    op.drop_table("notification_digest_items")
