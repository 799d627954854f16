"""The digest sender in the task queue's worker: every five minutes it sends the
digests that are due (at most one e-mail per user per hour, digests.py)."""

from __future__ import annotations

from huey import crontab

from marketplace.db import new_session
from marketplace.jobs.queue import huey


@huey.periodic_task(crontab(minute="*/5"), name="notifications.send_digests")
def send_digests_periodically() -> int:
    from marketplace.jobs.services import task_app
    from marketplace.notifications import digests

    app = task_app()
    with app.app_context(), new_session(app) as session:
        return digests.send_due(session)
