"""The audit trail becomes tamper-evident: a hash chain over its rows, and the
supplier each event concerns (for the supplier's own history page).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from marketplace.audit.chain import link

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, created_at, actor_label, entity, entity_id, action, before, after, note, supplier_id"
)


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("supplier_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_audit_events_supplier_id"), ["supplier_id"])
        batch.create_unique_constraint(batch.f("uq_audit_events_hash"), ["hash"])
        batch.create_unique_constraint(batch.f("uq_audit_events_seq"), ["seq"])
    # Chain the events recorded before this revision, oldest first.
    conn = op.get_bind()
    table = sa.table(
        "audit_events",
        sa.column("id", sa.Integer),
        sa.column("created_at", sa.DateTime),
        sa.column("actor_label", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("action", sa.String),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("note", sa.Text),
        sa.column("supplier_id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
    prev: str | None = None
    for seq, row in enumerate(rows, start=1):
        digest = link(dict(row), prev)
        conn.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(batch.f("uq_audit_events_seq"), type_="unique")
        batch.drop_constraint(batch.f("uq_audit_events_hash"), type_="unique")
        batch.drop_index(batch.f("ix_audit_events_supplier_id"))
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
        batch.drop_column("supplier_id")
