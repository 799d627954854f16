"""Products' keys checked once a statement (PostgreSQL), and an index fewer.

A foreign key checks every inserted row with its own query and row lock: a
100,000-product import ran 360,000 of them (each product's category and supplier,
each spec row's product), and locking a product that the import itself had just
written dirties its page again. As migration 0017 did for supply records, each of
these keys becomes triggers with the same rule on PostgreSQL:
- after each INSERT or UPDATE statement on the child table, the parents it names
  are locked FOR KEY SHARE (as the key's own check does; rows this transaction
  wrote itself need none: no one else can see them) and a value with no parent
  fails the statement with the key's own error (SQLSTATE 23503, same name);
- deleting a parent deletes its children (ON DELETE CASCADE: suppliers' products,
  products' specs), once a statement; a category still named cannot be deleted,
  nor any parent's key changed (RESTRICT / NO ACTION: the same outcome).
SQLite keeps its foreign keys (an in-process look-up). `alembic check` leaves
these keys alone (migrations/env.py).

Also dropped on both engines: ix_products_supplier_id (uq_products_supplier_id_sku
leads with supplier_id and serves the same look-ups). ix_products_active stays:
SQLite walks it (active, id) for the index rebuild's keyset pages, in id order
without a sort.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (child, column, parent, parent key, ondelete of the old key)
KEYS = (
    ("products", "category_code", "categories", "code", None),
    ("products", "supplier_id", "suppliers", "id", "CASCADE"),
    ("product_specs", "product_id", "products", "id", "CASCADE"),
)
# A row this transaction wrote (its xmin is ours): no other one can delete it.
_OURS = "xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296"


def _name(child: str, column: str, parent: str) -> str:
    return f"fk_{child}_{column}_{parent}"


def _fn(child: str, column: str) -> str:
    return f"{child}_{column}_check"


def _child_check(child: str, column: str, parent: str, key: str) -> str:
    name = _name(child, column, parent)
    return f"""
CREATE FUNCTION {_fn(child, column)}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    PERFORM 1 FROM {parent}
        WHERE {key} IN (SELECT DISTINCT {column} FROM written WHERE {column} IS NOT NULL)
          AND NOT ({_OURS})
        FOR KEY SHARE;
    SELECT w.{column} INTO missing FROM written w
        WHERE w.{column} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = w.{column})
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "{child}" violates foreign key '
                      'constraint "{name}"',
            DETAIL = format('Key ({column})=(%s) is not present in table "{parent}".', missing),
            CONSTRAINT = '{name}', TABLE = '{child}';
    END IF;
    RETURN NULL;
END $$
"""


def _parent_guard(child: str, column: str, parent: str, key: str, restrict_delete: bool) -> str:
    """Refuses a change of a parent's key while a child names it (and, for RESTRICT,
    its deletion)."""
    name = _name(child, column, parent)
    return f"""
CREATE FUNCTION {parent}_{child}_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.{key} = OLD.{key} THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM {child} WHERE {column} = OLD.{key}) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'update or delete on table "{parent}" violates foreign key '
                      'constraint "{name}" on table "{child}"',
            DETAIL = format('Key ({key})=(%s) is still referenced from table "{child}".',
                            OLD.{key}),
            CONSTRAINT = '{name}', TABLE = '{parent}';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
""" + (
        f""";
CREATE TRIGGER {parent}_{child}_guard BEFORE {"DELETE OR " if restrict_delete else ""}UPDATE OF {key}
    ON {parent} FOR EACH ROW EXECUTE FUNCTION {parent}_{child}_guard()"""
    )


def _cascade(child: str, column: str, parent: str, key: str) -> str:
    return f"""
CREATE FUNCTION {parent}_{child}_cascade() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {child} WHERE {column} IN (SELECT {key} FROM gone);
    RETURN NULL;
END $$;
CREATE TRIGGER {parent}_{child}_cascade AFTER DELETE ON {parent}
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION {parent}_{child}_cascade()
"""


def upgrade() -> None:
    with op.batch_alter_table("products") as batch_op:
        batch_op.drop_index("ix_products_supplier_id")
    if op.get_bind().dialect.name != "postgresql":
        return
    for child, column, parent, key, ondelete in KEYS:
        op.drop_constraint(_name(child, column, parent), child, type_="foreignkey")
        op.execute(_child_check(child, column, parent, key))
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER {child}_{column}_{event.lower()} AFTER {event} ON {child} "
                "REFERENCING NEW TABLE AS written "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_fn(child, column)}()"
            )
        op.execute(_parent_guard(child, column, parent, key, ondelete != "CASCADE"))
        if ondelete == "CASCADE":
            op.execute(_cascade(child, column, parent, key))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for child, column, parent, key, ondelete in reversed(KEYS):
            if ondelete == "CASCADE":
                op.execute(f"DROP TRIGGER {parent}_{child}_cascade ON {parent}")
                op.execute(f"DROP FUNCTION {parent}_{child}_cascade()")
            op.execute(f"DROP TRIGGER {parent}_{child}_guard ON {parent}")
            op.execute(f"DROP FUNCTION {parent}_{child}_guard()")
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER {child}_{column}_{event} ON {child}")
            op.execute(f"DROP FUNCTION {_fn(child, column)}()")
            op.create_foreign_key(
                _name(child, column, parent), child, parent, [column], [key], ondelete=ondelete
            )
    with op.batch_alter_table("products") as batch_op:
        batch_op.create_index("ix_products_supplier_id", ["supplier_id"], unique=False)
