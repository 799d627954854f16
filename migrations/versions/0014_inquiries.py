"""Inquiries: a buyer's question to a supplier, its message thread and the files
attached to messages.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("quantity_milli", sa.BigInteger(), nullable=True),
        sa.Column("unit", sa.String(length=30), nullable=True),
        sa.Column("required_by", sa.Date(), nullable=True),
        sa.Column("delivery_commune", sa.String(length=100), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "new",
                "answered",
                "closed",
                name="inquiry_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("first_reply_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        sa.Column("buyer_seen_at", sa.DateTime(), nullable=True),
        sa.Column("supplier_seen_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "quantity_milli IS NULL OR quantity_milli > 0",
            name=op.f("ck_inquiries_quantity_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["users.id"], name=op.f("fk_inquiries_buyer_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_inquiries_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_inquiries_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiries")),
    )
    for column in (
        "buyer_id",
        "created_at",
        "last_message_at",
        "product_id",
        "state",
        "supplier_id",
    ):
        op.create_index(op.f(f"ix_inquiries_{column}"), "inquiries", [column], unique=False)

    op.create_table(
        "inquiry_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("from_supplier", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_inquiry_messages_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["inquiry_id"],
            ["inquiries.id"],
            name=op.f("fk_inquiry_messages_inquiry_id_inquiries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_messages")),
    )
    op.create_index(
        op.f("ix_inquiry_messages_inquiry_id"), "inquiry_messages", ["inquiry_id"], unique=False
    )

    op.create_table(
        "inquiry_message_attachments",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_inquiry_message_attachments_attachment_id_attachments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["inquiry_messages.id"],
            name=op.f("fk_inquiry_message_attachments_message_id_inquiry_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "message_id", "attachment_id", name=op.f("pk_inquiry_message_attachments")
        ),
    )
    op.create_index(
        op.f("ix_inquiry_message_attachments_attachment_id"),
        "inquiry_message_attachments",
        ["attachment_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_inquiry_message_attachments_attachment_id"),
        table_name="inquiry_message_attachments",
    )
    op.drop_table("inquiry_message_attachments")
    op.drop_index(op.f("ix_inquiry_messages_inquiry_id"), table_name="inquiry_messages")
    op.drop_table("inquiry_messages")
    for column in (
        "supplier_id",
        "state",
        "product_id",
        "last_message_at",
        "created_at",
        "buyer_id",
    ):
        op.drop_index(op.f(f"ix_inquiries_{column}"), table_name="inquiries")
    op.drop_table("inquiries")
