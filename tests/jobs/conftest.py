from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

import tests.jobs.sample_jobs  # noqa: F401 - declares the test job kinds


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    # Every progress report is written, so a test sees each one.
    return make_app(JOBS_PROGRESS_INTERVAL=0)
