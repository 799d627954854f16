"""PostgreSQL search: each document's `terms` vector kept in its row; indexes of
the quality (which bounds the scores of the matches a broad query leaves unranked)
and of the places (read once a generation).

About a third of the rows held their `terms` (2 kB on average, which pglz does not
shrink) out of line in the TOAST table, fetched again for every `@@` test and
ts_rank a query made of the row: most of a broad query's time. The documents
table now keeps them in the row (search.postgres_schema.TOAST_TARGET) and is
rewritten so the rows stored before move in.

A query matching thousands of documents ranks only those holding one of its words
in their name, when a bound shows that no other can reach its page
(search.postgres_topk); the bound takes the greatest quality from the new index.
The places of the documents, read after every change, come from an index rather
than from every (now wider) row. Only on PostgreSQL.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from search import postgres_schema

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        postgres_schema.store_terms_inline(bind)
        for stmt in postgres_schema.indexes(postgres_schema.TABLE):
            bind.execute(text(stmt))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        table = postgres_schema.TABLE
        bind.execute(text(f"DROP INDEX IF EXISTS {table}_quality, {table}_places"))
        bind.execute(text(f"ALTER TABLE {table} RESET (toast_tuple_target)"))
        bind.execute(text(f"ALTER TABLE {table} ALTER COLUMN terms SET STORAGE EXTENDED"))
