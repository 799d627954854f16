"""`alembic upgrade head` on an empty database of each engine, then `alembic check`
(also after the search backend has written, searched and rebuilt)."""

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from search import open_backend
from search.base import IndexUnavailable, Query, SearchBackend
from tests.conftest import PG_URL, ROOT, require_postgresql
from tests.search.test_backend_contract import CORPUS


def _config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _use_search(backend: SearchBackend) -> None:
    """What the site does with its index: rebuild, write, delete, search."""
    try:
        backend.rebuild(list(CORPUS[:3]))
        backend.index(list(CORPUS[3:]))
        backend.delete(["product:2"])
        assert backend.search(Query(text="bơm chìm")).hits[0].id == "product:5"
    finally:
        backend.close()


def _upgrade_and_check(url: str, search_url: str) -> None:
    cfg = _config(url)
    command.upgrade(cfg, "head")
    command.check(cfg)  # raises if the models and the migrations disagree
    _use_search(open_backend(search_url))
    command.check(cfg)  # the search tables belong to the migrations too
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
    _upgrade_and_check(f"sqlite:///{tmp_path / 'empty.db'}", f"whoosh:///{tmp_path / 'index'}")


def test_migrations_on_empty_postgresql():
    require_postgresql()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_test CASCADE"))
        conn.execute(text("CREATE SCHEMA migration_test"))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3Dmigration_test"
    try:
        _upgrade_and_check(url, url)
    finally:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA migration_test CASCADE"))
        engine.dispose()


def test_the_postgresql_backend_asks_for_the_migrations_instead_of_creating_tables():
    require_postgresql()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS unmigrated CASCADE"))
        conn.execute(text("CREATE SCHEMA unmigrated"))
    sep = "&" if "?" in PG_URL else "?"
    backend = open_backend(f"{PG_URL}{sep}options=-csearch_path%3Dunmigrated")
    try:
        with pytest.raises(IndexUnavailable, match="run `alembic upgrade head`"):
            backend.search(Query(text="bơm"))
        with pytest.raises(IndexUnavailable, match="search_documents, search_vocabulary"):
            backend.index(list(CORPUS))
        with engine.connect() as conn:
            tables = conn.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'unmigrated'")
            )
            assert list(tables) == []  # nothing was created behind Alembic's back
    finally:
        backend.close()
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA unmigrated CASCADE"))
        engine.dispose()
