"""Verification workflow: supplier documents, the review dates and reason on suppliers,
the action/actor/changes of each verification event, and in-app notifications.

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"], unique=False)

    op.create_table(
        "verification_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "registration",
                "iso",
                "co_cq",
                "other",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("number", sa.String(length=100), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_verification_documents_supplier_id_suppliers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_verification_documents_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_documents")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_verification_documents_stored_name")),
    )
    with op.batch_alter_table("verification_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_documents_expires_on"), ["expires_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verification_documents_supplier_id"), ["supplier_id"], unique=False
        )

    with op.batch_alter_table("suppliers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("state_reason", sa.Text(), nullable=True))

    with op.batch_alter_table("verification_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_verification_events_actor_id_users"),
            "users",
            ["actor_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # The badge shows the date of the last check: for suppliers verified before this
    # revision, the last time they became verified (else their last update).
    op.execute(
        """
        UPDATE suppliers SET verified_at = COALESCE(
            (SELECT MAX(e.created_at) FROM verification_events e
             WHERE e.supplier_id = suppliers.id AND e.to_state = 'verified'),
            updated_at)
        WHERE state = 'verified'
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("verification_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_verification_events_actor_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("changes")
        batch_op.drop_column("actor_id")
        batch_op.drop_column("action")

    with op.batch_alter_table("suppliers", schema=None) as batch_op:
        batch_op.drop_column("state_reason")
        batch_op.drop_column("verified_at")
        batch_op.drop_column("submitted_at")

    with op.batch_alter_table("verification_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_documents_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_verification_documents_expires_on"))

    op.drop_table("verification_documents")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_unread")
        batch_op.drop_index(batch_op.f("ix_notifications_created_at"))

    op.drop_table("notifications")
