"""Supply records and their aggregates (the domestic-share measure), an audit trail,
and targets that say who set them and why.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import datetime
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = ("procurement", "installation", "survey", "marketplace")


def upgrade() -> None:
    op.create_table(
        "supply_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=False),
        sa.Column("local_content_bp", sa.Integer(), nullable=True),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("buyer", sa.String(length=300), nullable=True),
        sa.Column(
            "source",
            sa.Enum(*SOURCES, name="supply_source", native_enum=False, create_constraint=True, length=20),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("value_vnd > 0", name=op.f("ck_supply_records_value_positive")),
        sa.CheckConstraint(
            "local_content_bp IS NULL OR (local_content_bp >= 0 AND local_content_bp <= 10000)",
            name=op.f("ck_supply_records_local_content_bp_range"),
        ),
        sa.CheckConstraint(
            "product_id IS NULL OR supplier_id IS NOT NULL",
            name=op.f("ck_supply_records_product_has_supplier"),
        ),
        sa.ForeignKeyConstraint(
            ["category_code"], ["categories.code"],
            name=op.f("fk_supply_records_category_code_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], ondelete="RESTRICT",
            name=op.f("fk_supply_records_supplier_id_suppliers"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], ondelete="RESTRICT",
            name=op.f("fk_supply_records_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_records")),
        sa.UniqueConstraint("record_id", name=op.f("uq_supply_records_record_id")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_supply_records_year_category", "supply_records", ["year", "category_code"])
    op.create_index(op.f("ix_supply_records_supplier_id"), "supply_records", ["supplier_id"])
    op.create_index(op.f("ix_supply_records_product_id"), "supply_records", ["product_id"])
    op.create_table(
        "share_cells",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("domestic", sa.Boolean(), nullable=False),
        sa.Column("own_bp", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "year", "category_code", "domestic", "own_bp", "product_id", name=op.f("pk_share_cells")
        ),
    )
    op.create_table(
        "share_coverage",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("link", sa.Integer(), nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "year", "category_code", "source", "link", name=op.f("pk_share_coverage")
        ),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_audit_events_actor_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_created_at"), "audit_events", ["created_at"])
    op.create_index("ix_audit_events_entity", "audit_events", ["entity", "entity_id"])
    with op.batch_alter_table("targets") as batch_op:
        batch_op.add_column(sa.Column("set_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_targets_set_by_id_users"), "users", ["set_by_id"], ["id"], ondelete="SET NULL"
        )


    # The seeded bands are the plan's, for its whole period 2021–2030 (they were
    # seeded as in force from 2025, which left 2024's figures without a target).
    targets = sa.table(
        "targets", sa.column("effective_from", sa.Date), sa.column("set_by", sa.String)
    )
    op.execute(
        targets.update()
        .where(targets.c.set_by == "Kế hoạch của UBND Thành phố Hà Nội (seed)")
        .values(effective_from=datetime.date(2021, 1, 1))
    )


def downgrade() -> None:
    with op.batch_alter_table("targets") as batch_op:
        batch_op.drop_constraint(op.f("fk_targets_set_by_id_users"), type_="foreignkey")
        batch_op.drop_column("reason")
        batch_op.drop_column("set_by_id")
    op.drop_index("ix_audit_events_entity", table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_created_at"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("share_coverage")
    op.drop_table("share_cells")
    op.drop_index(op.f("ix_supply_records_product_id"), table_name="supply_records")
    op.drop_index(op.f("ix_supply_records_supplier_id"), table_name="supply_records")
    op.drop_index("ix_supply_records_year_category", table_name="supply_records")
    op.drop_table("supply_records")
