"""The saved-search alerts in the task queue's worker, every fifteen minutes."""

from __future__ import annotations

from huey import crontab

from marketplace.db import new_session
from marketplace.jobs.queue import huey


@huey.periodic_task(crontab(minute="*/15"), name="buyers.check_saved_searches")
def check_saved_searches_periodically() -> int:
    from marketplace.buyers.alerts import check_saved_searches
    from marketplace.jobs.services import task_app
    from marketplace.search_sync import get_backend

    app = task_app()
    with app.app_context(), new_session(app) as session:
        return check_saved_searches(session, get_backend(app))
