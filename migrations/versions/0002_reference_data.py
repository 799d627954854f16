"""Reference data: the eight categories, our subcategories and the 2030 targets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from marketplace.categories.reference import category_rows, target_rows

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

categories = sa.table(
    "categories",
    sa.column("code", sa.String), sa.column("parent_code", sa.String),
    sa.column("name_vi", sa.String), sa.column("name_en", sa.String),
    sa.column("position", sa.Integer),
)
targets = sa.table(
    "targets",
    sa.column("category_code", sa.String), sa.column("min_pct", sa.Numeric),
    sa.column("max_pct", sa.Numeric), sa.column("effective_from", sa.Date),
    sa.column("set_by", sa.String), sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    op.bulk_insert(categories, category_rows())
    now = sa.func.current_timestamp()
    for row in target_rows():
        op.execute(targets.insert().values(**row, created_at=now))


def downgrade() -> None:
    op.execute(targets.delete())
    op.execute(categories.delete().where(categories.c.parent_code.isnot(None)))
    op.execute(categories.delete())
