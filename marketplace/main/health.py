"""Health of what a request needs: the database, the search index and the task queue.

Each check runs in its own thread and all of them share one deadline (HEALTH_TIMEOUT),
so /healthz answers in bounded time even when a dependency hangs instead of failing."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask
from sqlalchemy import text

from marketplace.cli_errors import one_line
from marketplace.jobs import queue
from marketplace.search_sync import get_backend
from search.base import Query

log = logging.getLogger(__name__)

OK = "ok"


def check_database(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL statement_timeout = 2000")
        conn.execute(text("SELECT 1"))


def check_search(app: Flask) -> None:
    get_backend(app).search(Query(text="", per_page=1))


def check_queue(_app: Flask) -> None:
    queue.ping()


CHECKS: dict[str, Callable[[Flask], None]] = {
    "database": check_database,
    "search": check_search,
    "queue": check_queue,
}


def run_checks(app: Flask, timeout: float | None = None) -> dict[str, str]:
    """Run every check at once; each answers "ok" or "error: <short reason>" ("error:
    timed out after N s" when it is still running at the deadline). Never raises."""
    if timeout is None:
        timeout = float(app.config.get("HEALTH_TIMEOUT", 3))
    results: dict[str, str] = {}

    def run(name: str, check: Callable[[Flask], None]) -> None:
        try:
            check(app)
        except Exception as exc:  # noqa: BLE001 - any failure makes the check fail
            results[name] = f"error: {one_line(exc)}"
            # Probes repeat every few seconds: one line each, the traceback at debug level.
            log.warning("health check %s failed: %s", name, results[name])
            log.debug("health check %s failed", name, exc_info=True)
        else:
            results[name] = OK

    # Daemon threads: a check stuck past the deadline must not keep the process alive.
    threads = [
        threading.Thread(target=run, args=(name, check), name=f"health-{name}", daemon=True)
        for name, check in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: results.get(name, f"error: timed out after {timeout:g} s") for name in CHECKS}


def healthy(checks: dict[str, str]) -> bool:
    return all(result == OK for result in checks.values())
