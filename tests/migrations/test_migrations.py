"""`alembic upgrade head` on an empty database of each engine, then `alembic check`."""

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, ROOT, require_postgresql


def _config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade_and_check(url: str) -> None:
    cfg = _config(url)
    command.upgrade(cfg, "head")
    command.check(cfg)  # raises if the models and the migrations disagree
    engine = create_engine(url)
    with engine.connect() as conn:
        codes = set(conn.scalars(text("SELECT code FROM categories WHERE parent_code IS NULL")))
        targets = dict(conn.execute(text("SELECT category_code, min_pct FROM targets")).all())
    engine.dispose()
    assert codes == {"WW", "AIR", "COL", "REC", "MON", "WTE", "HAZ", "SVC"}
    assert {k: float(v) for k, v in targets.items()} == {
        "WW": 70,
        "AIR": 70,
        "COL": 50,
        "REC": 60,
        "MON": 20,
    }
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")


def test_migrations_on_empty_sqlite(tmp_path):
    _upgrade_and_check(f"sqlite:///{tmp_path / 'empty.db'}")


def test_migrations_on_empty_postgresql():
    require_postgresql()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_test CASCADE"))
        conn.execute(text("CREATE SCHEMA migration_test"))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    try:
        _upgrade_and_check(f"{PG_URL}{sep}options=-csearch_path%3Dmigration_test")
    finally:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA migration_test CASCADE"))
        engine.dispose()
