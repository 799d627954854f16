"""Search index outbox (changed rows, drained by the indexer).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "search_outbox",
        sa.Column("id", BIGINT, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("pk", BIGINT, nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('product', 'supplier')", name=op.f("ck_search_outbox_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    op.create_index(
        "ix_search_outbox_priority_id", "search_outbox", ["priority", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_search_outbox_priority_id", table_name="search_outbox")
    op.drop_table("search_outbox")
