"""The task queue: huey on SQLite under instance/ by default, Redis when REDIS_URL is set.

One module-level `huey` so task decorators work at import time (the worker runs
`huey_consumer marketplace.jobs.worker.huey`). Tests switch it to immediate mode."""

from __future__ import annotations

import os

from huey import Huey, RedisHuey, SqliteHuey

from marketplace.config import instance_path


def make_huey() -> Huey:
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return RedisHuey("marketplace", url=redis_url)
    instance_path().mkdir(parents=True, exist_ok=True)
    return SqliteHuey("marketplace", filename=str(instance_path() / "jobs.sqlite3"))


huey: Huey = make_huey()


def ping() -> None:
    """Raise when the queue's storage cannot be reached (for /healthz)."""
    huey.storage.queue_size()
