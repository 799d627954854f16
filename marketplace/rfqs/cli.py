from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.db import new_session
from marketplace.rfqs import services

rfqs_cli = AppGroup("rfqs", help="Requests for quotation.")


@rfqs_cli.command("close-expired")
def close_expired_command() -> None:
    """Close the open requests whose deadline has passed (run it from cron)."""
    with new_session() as session:
        count = services.close_expired(session)
    click.echo(f"{count} request(s) closed.")
