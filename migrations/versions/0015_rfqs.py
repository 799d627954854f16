"""Requests for quotation: RFQs, their specs, invitations, quotes with revisions and
attachments, and the follow-up questions per supplier.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rfqs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("delivery_commune", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=False),
        sa.Column("budget_vnd", sa.BigInteger(), nullable=True),
        sa.Column("verified_only", sa.Boolean(), nullable=False),
        sa.Column("min_local_content_bp", sa.Integer(), nullable=True),
        sa.Column("province", sa.String(length=100), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "open",
                "closed",
                "awarded",
                "cancelled",
                name="rfq_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("contract_value_vnd", sa.BigInteger(), nullable=True),
        sa.Column("delivery_year", sa.Integer(), nullable=True),
        sa.Column("supply_record_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "budget_vnd IS NULL OR budget_vnd > 0", name=op.f("ck_rfqs_budget_positive")
        ),
        sa.CheckConstraint(
            "min_local_content_bp IS NULL OR "
            "(min_local_content_bp >= 0 AND min_local_content_bp <= 10000)",
            name=op.f("ck_rfqs_min_local_content_range"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_rfqs_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["users.id"], name=op.f("fk_rfqs_buyer_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["category_code"], ["categories.code"], name=op.f("fk_rfqs_category_code_categories")
        ),
        sa.ForeignKeyConstraint(
            ["supply_record_id"],
            ["supply_records.id"],
            name=op.f("fk_rfqs_supply_record_id_supply_records"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfqs")),
    )
    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfqs_buyer_id"), ["buyer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rfqs_category_code"), ["category_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_rfqs_state"), ["state"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "submitted",
                "revised",
                "withdrawn",
                "won",
                "lost",
                name="quote_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("price_vnd", sa.BigInteger(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("local_content_bp", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=False),
        sa.Column("warranty_months", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("lead_time_days >= 0", name=op.f("ck_quotes_lead_time_nonneg")),
        sa.CheckConstraint(
            "local_content_bp >= 0 AND local_content_bp <= 10000",
            name=op.f("ck_quotes_local_content_range"),
        ),
        sa.CheckConstraint("price_vnd > 0", name=op.f("ck_quotes_price_positive")),
        sa.CheckConstraint("warranty_months >= 0", name=op.f("ck_quotes_warranty_nonneg")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_quotes_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_quotes_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_quotes_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_quotes_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("rfq_id", "supplier_id", name=op.f("uq_quotes_rfq_id_supplier_id")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_rfq_id"), ["rfq_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "rfq_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("by_buyer", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_invitations_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_rfq_invitations_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_invitations")),
        sa.UniqueConstraint(
            "rfq_id", "supplier_id", name=op.f("uq_rfq_invitations_rfq_id_supplier_id")
        ),
    )
    with op.batch_alter_table("rfq_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_invitations_rfq_id"), ["rfq_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rfq_invitations_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "rfq_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("from_buyer", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_rfq_messages_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_messages_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_rfq_messages_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_messages")),
    )
    op.create_table(
        "rfq_specs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfq_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rfq_id"], ["rfqs.id"], name=op.f("fk_rfq_specs_rfq_id_rfqs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_specs")),
    )
    with op.batch_alter_table("rfq_specs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rfq_specs_rfq_id"), ["rfq_id"], unique=False)

    op.create_table(
        "quote_attachments",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_quote_attachments_attachment_id_attachments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quotes.id"],
            name=op.f("fk_quote_attachments_quote_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quote_id", "attachment_id", name=op.f("pk_quote_attachments")),
    )
    op.create_table(
        "quote_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("price_vnd", sa.BigInteger(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("local_content_bp", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=False),
        sa.Column("warranty_months", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_quote_revisions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_quote_revisions_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quotes.id"],
            name=op.f("fk_quote_revisions_quote_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_revisions")),
        sa.UniqueConstraint("quote_id", "number", name=op.f("uq_quote_revisions_quote_id_number")),
    )


def downgrade() -> None:
    op.drop_table("quote_revisions")
    op.drop_table("quote_attachments")
    with op.batch_alter_table("rfq_specs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_specs_rfq_id"))

    op.drop_table("rfq_specs")
    op.drop_table("rfq_messages")
    with op.batch_alter_table("rfq_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfq_invitations_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_rfq_invitations_rfq_id"))

    op.drop_table("rfq_invitations")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_rfq_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("rfqs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rfqs_state"))
        batch_op.drop_index(batch_op.f("ix_rfqs_category_code"))
        batch_op.drop_index(batch_op.f("ix_rfqs_buyer_id"))

    op.drop_table("rfqs")
