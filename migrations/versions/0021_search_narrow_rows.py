"""PostgreSQL search: the narrow rows, every column of the documents but their
terms, kept in step by statement triggers on the documents table.

A search reading no terms (filters, a sort, a place alone) and the counts of a
whole type read them instead of the documents: at 100k products the documents
table is larger than the shared buffers, so each such search read it all again
(search.postgres_narrow). Only on PostgreSQL.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from search import postgres_narrow, postgres_schema

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        table = postgres_schema.TABLE
        slim = postgres_narrow.name(table)
        for stmt in [
            *postgres_narrow.create(slim),
            *postgres_schema.triggers(table),
            *postgres_narrow.fill(slim, table),
            f"ANALYZE {slim}",
        ]:
            bind.execute(text(stmt))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        table = postgres_schema.TABLE
        for event in ("insert", "update", "delete", "truncate"):
            bind.execute(text(f"DROP TRIGGER IF EXISTS {table}_narrow_{event} ON {table}"))
        for stmt in postgres_narrow.drop(table):
            bind.execute(text(stmt))
