"""Alembic environment: the URL comes from marketplace.config (DATABASE_URL)."""

from alembic import context
from dotenv import load_dotenv
from sqlalchemy import engine_from_config, pool

load_dotenv()

import marketplace.models  # noqa: E402,F401 - registers every table on the metadata
from marketplace.config import database_url, instance_path  # noqa: E402
from marketplace.db import Base  # noqa: E402
from search.postgres_schema import owned_tables  # noqa: E402

config = context.config
url = config.get_main_option("sqlalchemy.url") or database_url()
if url.startswith("sqlite:///"):
    instance_path().mkdir(parents=True, exist_ok=True)
target_metadata = Base.metadata
# The PostgreSQL search tables are created by migration 0003 from the search
# package's DDL (a tsvector column, statement triggers with transition tables, a
# trigram index: nothing the models describe, and `search/` imports nothing from
# `marketplace/`, so they cannot sit on Base.metadata). Autogenerate and `alembic
# check` leave exactly these tables alone instead of proposing to drop them.
SEARCH_TABLES = owned_tables()


# Keys that PostgreSQL checks once a statement by triggers instead (migrations 0017
# and 0020): the models keep them (SQLite has them, and the ORM joins by them).
STATEMENT_CHECKED_KEYS = {
    "fk_supply_records_category_code_categories",
    "fk_supply_records_supplier_id_suppliers",
    "fk_supply_records_product_id_products",
    "fk_products_category_code_categories",
    "fk_products_supplier_id_suppliers",
    "fk_product_specs_product_id_products",
}


def include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name in SEARCH_TABLES)


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return not (
        type_ == "foreign_key_constraint"
        and name in STATEMENT_CHECKED_KEYS
        and context.get_bind().dialect.name == "postgresql"
    )


def run_migrations_offline() -> None:
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
