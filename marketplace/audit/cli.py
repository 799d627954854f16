"""`flask audit verify`: recompute the hash chain of the audit trail."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from marketplace.audit import chain
from marketplace.db import new_session

audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
@click.option("--limit", default=20, show_default=True, help="Name at most this many events.")
def verify(limit: int) -> None:
    """Check that no audit event was changed, removed or added outside the application.

    Exits with status 1 when the chain is broken, naming the events."""
    with new_session() as session:
        result = chain.verify(session, limit=limit)
    if result.ok:
        click.echo(f"ok: {result.checked} audit events, the hash chain is intact")
        return
    for event_id, problem in result.problems:
        click.echo(f"event {event_id} {problem}", err=True)
    click.echo(
        f"the audit trail was tampered with: {len(result.problems)} event(s) named "
        f"(checked {result.checked})",
        err=True,
    )
    sys.exit(1)
