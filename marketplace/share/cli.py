from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from marketplace.accounts.actors import actor_kwargs, as_option
from marketplace.db import new_session
from marketplace.imports.cli import ClickProgress, print_report, read_file
from marketplace.imports.report import ImportFailed
from marketplace.registry.cli import batches_command, revert_command
from marketplace.share import cells
from marketplace.share.imports import import_supply_records

share_cli = AppGroup("share", help="Supply records and the domestic-share figures.")
# Import batches are one list whatever they imported; reverting works the same.
share_cli.add_command(batches_command)
share_cli.add_command(revert_command)


@share_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and print what would change.")
@as_option
def import_command(file: Path, dry_run: bool, as_email: str | None) -> None:
    """Import SUPPLY_RECORDS.csv|xlsx: all or nothing, idempotent by record_id.

    A column absent from the file leaves stored values as they are; an empty cell
    clears the value."""
    data = read_file(file)
    with new_session() as session, ClickProgress("Importing") as bar:
        try:
            report = import_supply_records(
                session, data, dry_run=dry_run, progress=bar, **actor_kwargs(session, as_email)
            )
        except ImportFailed as exc:
            bar.finish()
            print_report(exc.report)
            raise click.ClickException(exc.message) from None
    print_report(report)


@share_cli.command("check")
@click.option("--repair", is_flag=True, help="Recompute the aggregates from the records.")
def check_command(repair: bool) -> None:
    """Compare the stored aggregates with the supply records."""
    with new_session() as session:
        diffs = cells.differences(session)
        for line in diffs[:50]:
            click.echo(line)
        if diffs and repair:
            cells.rebuild(session)
            session.commit()
            click.echo(f"Repaired {len(diffs)} aggregate rows.")
        elif diffs:
            raise click.ClickException(
                f"{len(diffs)} aggregate rows differ from the records; run with --repair."
            )
        else:
            click.echo("The aggregates match the supply records.")
