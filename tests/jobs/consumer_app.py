"""What the real-consumer test runs: the worker module plus the test job kinds.

`huey_consumer tests.jobs.consumer_app.huey`, and `python -m tests.jobs.consumer_app
KIND ARG... [+ KIND ARG...]` to submit jobs from another process (prints their ids)."""

from __future__ import annotations

import sys

from marketplace.db import new_session
from marketplace.jobs.services import submit
from marketplace.jobs.worker import app, huey
from tests.jobs import sample_jobs  # noqa: F401 - declares the test job kinds

__all__ = ["app", "huey"]

if __name__ == "__main__":
    specs = " ".join(sys.argv[1:]).split(" + ")
    with app.app_context(), new_session(app) as session:
        for spec in specs:
            kind, *args = spec.split()
            print(submit(session, kind, *args).id)
