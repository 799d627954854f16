"""The indexer in the task queue's worker (`INDEXER=worker`): woken after each
commit that queued rows, at worker start-up (rows left by a crash) and every
minute as a safety net. The indexer's own lock keeps it to one drain at a time,
together with rebuilds and inline drains; a wake-up that finds it busy returns at
once, because the running drain looks for new rows before it stops."""

from __future__ import annotations

import logging
import sys

from flask import Flask, current_app, has_app_context
from huey import crontab

from marketplace.jobs.queue import huey

log = logging.getLogger(__name__)
_app: Flask | None = None


def _current_app() -> Flask:
    """The app of the running context, else the worker's (marketplace.jobs.worker),
    else one built from the environment."""
    global _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    worker = sys.modules.get("marketplace.jobs.worker")
    if worker is not None:
        return worker.app  # type: ignore[no-any-return]
    if _app is None:
        from marketplace import create_app

        _app = create_app()
    return _app


def _drain() -> int:
    from marketplace.indexing import indexer

    return indexer.drain(_current_app(), blocking=False)


@huey.task(name="index_outbox", priority=10)
def index_outbox() -> int:
    """Apply the search outbox; the number of documents sent."""
    return _drain()


@huey.periodic_task(crontab(minute="*"), name="index_outbox_periodically", priority=10)
def index_outbox_periodically() -> int:
    return _drain()


@huey.on_startup(name="index_outbox_on_startup")
def _on_startup() -> None:
    try:
        index_outbox()
    except Exception:  # noqa: BLE001 - the periodic drain retries
        log.exception("could not queue the start-up search index drain")
