"""`flask buyers ...`: the saved-search alerts by hand or from cron."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.buyers.alerts import check_saved_searches
from marketplace.db import new_session
from marketplace.search_sync import get_backend

buyers_cli = AppGroup("buyers", help="Buyers' saved searches.")


@buyers_cli.command("check-saved-searches")
def check_saved_searches_command() -> None:
    """Tell the owners of saved searches about new matching products now."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with new_session(app) as session:
        sent = check_saved_searches(session, get_backend(app))
    click.echo(f"{sent} notice(s) sent.")
