"""PostgreSQL search tables (owned by Alembic).

The documents table of the PostgreSQL search backend, its vocabulary and state
tables, the triggers keeping the vocabulary counts and the index generation in step,
and the indexes. Only on PostgreSQL: SQLite deployments search with Whoosh. An
existing database whose tables the backend made at run time (before this
migration) is completed in place.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

from search import postgres_schema

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        postgres_schema.create_schema(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        postgres_schema.drop_schema(bind)
