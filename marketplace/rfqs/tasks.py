"""Requests past their deadline are closed by the task queue's worker every ten
minutes (until then they already take no quote; closing tells nobody anything new,
it moves them to the buyer's "closed" list)."""

from __future__ import annotations

from huey import crontab

from marketplace.db import new_session
from marketplace.jobs.queue import huey


@huey.periodic_task(crontab(minute="*/10"), name="rfqs.close_expired")
def close_expired_periodically() -> int:
    from marketplace.jobs.services import task_app
    from marketplace.rfqs.services import close_expired

    app = task_app()
    with app.app_context(), new_session(app) as session:
        return close_expired(session)
