"""Supply records' keys to the registry: checked once a statement instead of once
a row (PostgreSQL).

A foreign key checks every inserted row with its own query and row lock: for a
100k-row import of supply records that was about 0.9 s of the server's 2.1 s of
CPU for the COPY, spent confirming the same twenty categories and few thousand
suppliers and products again and again. On PostgreSQL each of the three keys
becomes triggers with the same rule:
- after each INSERT or UPDATE statement on supply_records, the parents it names
  are locked (FOR KEY SHARE, as the key's own check does, so that none can be
  deleted under a running import) and a value with no parent fails the statement
  with the key's own error (SQLSTATE 23503, the same constraint name);
- before a parent is deleted or its key changed, a record still naming it fails
  the statement the same way (the keys were RESTRICT / NO ACTION: same outcome).
SQLite keeps its foreign keys: its check is an in-process index look-up, cheaper
than a trigger. `alembic check` leaves these keys alone (migrations/env.py).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column of supply_records, parent table, parent column, ondelete of the old key)
KEYS = (
    ("category_code", "categories", "code", None),
    ("supplier_id", "suppliers", "id", "RESTRICT"),
    ("product_id", "products", "id", "RESTRICT"),
)


def _name(column: str, parent: str) -> str:
    return f"fk_supply_records_{column}_{parent}"


def _records_check(column: str, parent: str, key: str) -> str:
    name = _name(column, parent)
    return f"""
CREATE FUNCTION supply_records_{column}_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    PERFORM 1 FROM {parent}
        WHERE {key} IN (SELECT DISTINCT {column} FROM written WHERE {column} IS NOT NULL)
        FOR KEY SHARE;
    SELECT w.{column} INTO missing FROM written w
        WHERE w.{column} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = w.{column})
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "supply_records" violates foreign key '
                      'constraint "{name}"',
            DETAIL = format('Key ({column})=(%s) is not present in table "{parent}".', missing),
            CONSTRAINT = '{name}', TABLE = 'supply_records';
    END IF;
    RETURN NULL;
END $$
"""


def _parent_check(column: str, parent: str, key: str) -> str:
    name = _name(column, parent)
    return f"""
CREATE FUNCTION {parent}_supply_records_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.{key} = OLD.{key} THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM supply_records WHERE {column} = OLD.{key}) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'update or delete on table "{parent}" violates foreign key '
                      'constraint "{name}" on table "supply_records"',
            DETAIL = format('Key ({key})=(%s) is still referenced from table "supply_records".',
                            OLD.{key}),
            CONSTRAINT = '{name}', TABLE = '{parent}';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column, parent, key, _ondelete in KEYS:
        op.drop_constraint(_name(column, parent), "supply_records", type_="foreignkey")
        op.execute(_records_check(column, parent, key))
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER supply_records_{column}_{event.lower()} AFTER {event} "
                "ON supply_records REFERENCING NEW TABLE AS written "
                f"FOR EACH STATEMENT EXECUTE FUNCTION supply_records_{column}_check()"
            )
        op.execute(_parent_check(column, parent, key))
        op.execute(
            f"CREATE TRIGGER {parent}_supply_records BEFORE DELETE OR UPDATE OF {key} "
            f"ON {parent} FOR EACH ROW EXECUTE FUNCTION {parent}_supply_records_check()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column, parent, key, ondelete in KEYS:
        op.execute(f"DROP TRIGGER {parent}_supply_records ON {parent}")
        op.execute(f"DROP FUNCTION {parent}_supply_records_check()")
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER supply_records_{column}_{event} ON supply_records")
        op.execute(f"DROP FUNCTION supply_records_{column}_check()")
        op.create_foreign_key(
            _name(column, parent),
            "supply_records",
            parent,
            [column],
            [key],
            ondelete=ondelete,
        )
