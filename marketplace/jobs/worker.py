"""The worker process: `huey_consumer marketplace.jobs.worker.huey -w 2 -k thread`.

Builds the app once (settings from the environment, as the web process), so tasks
run in its app context; every task module is imported by create_app(). On start,
and every minute, jobs left `running` by a worker that died are marked failed.
"""

from __future__ import annotations

from huey import crontab

from marketplace import create_app
from marketplace.db import new_session
from marketplace.jobs import services
from marketplace.jobs.queue import huey
from marketplace.jobs.sweep import sweep_interrupted_jobs

app = create_app()
services.bind_worker_app(app)

__all__ = ["app", "huey"]


def sweep() -> int:
    with app.app_context(), new_session(app) as session:
        return sweep_interrupted_jobs(session, float(app.config["JOBS_STALE_SECONDS"]))


@huey.on_startup("jobs.sweep_interrupted")
def _sweep_on_startup() -> None:
    sweep()


@huey.periodic_task(crontab(minute="*"), name="jobs.sweep_interrupted")
def _sweep_every_minute() -> None:
    sweep()
