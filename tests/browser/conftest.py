"""A live server in a thread and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.db import new_session
from marketplace.demo import generator
from marketplace.indexing import indexer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_server(live: tuple[str, Flask]) -> str:
    return live[0]


@pytest.fixture(scope="session")
def live(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Flask]]:
    """The demo site in a thread: (base URL, app)."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copy(sqlite_template, folder / "live.db")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-key",
            "DATABASE_URL": f"sqlite:///{folder / 'live.db'}",
            "SEARCH_URL": f"whoosh:///{folder / 'index'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "OUTBOX_FOLDER": str(folder / "outbox"),
            "DOCUMENTS_FOLDER": str(folder / "documents"),
            "ATTACHMENTS_FOLDER": str(folder / "attachments"),
            "RATELIMIT_ENABLED": False,
            # Jobs run in the request that submits them: no worker in these tests.
            "JOBS_IMMEDIATE": True,
        }
    )
    with app.app_context(), new_session(app) as session:
        generator.load(session, n_suppliers=12)
        indexer.after_bulk_commit(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests skipped: {CHROMIUM} is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield VietnameseBrowser(instance)
        instance.close()


class VietnameseBrowser:
    """Chromium whose contexts send Accept-Language: vi-VN unless a test asks for
    another locale: the site follows the browser's language, and most visitors (and
    these journeys) read Vietnamese. Playwright's own default is en-US."""

    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self._inner = inner

    def new_context(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("locale", "vi-VN")
        return self._inner.new_context(**kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._inner, name)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
