from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.accounts.actors import acting_official, actor_kwargs, as_option
from marketplace.db import new_session
from marketplace.imports import batches
from marketplace.imports.cli import ClickProgress, print_report, read_file
from marketplace.imports.report import ImportFailed
from marketplace.indexing import indexer
from marketplace.registry import services
from marketplace.suppliers.models import VerificationState

registry_cli = AppGroup("registry", help="Bulk import and export of suppliers and products.")
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@registry_cli.command("import")
@click.argument("suppliers", type=_FILE)
@click.argument("products", required=False, type=_FILE)
@click.option("--dry-run", is_flag=True, help="Check the files and print what would change.")
@as_option
def import_command(
    suppliers: Path, products: Path | None, dry_run: bool, as_email: str | None
) -> None:
    """Import SUPPLIERS.csv|xlsx [PRODUCTS.csv|xlsx]: all or nothing, idempotent.

    A column absent from a file leaves stored values as they are; an empty cell
    clears the value."""
    sup = read_file(suppliers)
    prod = read_file(products) if products else None
    with new_session() as session, ClickProgress("Importing") as bar:
        try:
            report = services.import_registry(
                session,
                sup,
                prod,
                dry_run=dry_run,
                progress=bar,
                **actor_kwargs(session, as_email),
            )
        except ImportFailed as exc:
            bar.finish()
            print_report(exc.report)
            raise click.ClickException(exc.message) from None
        print_report(report)
        if not dry_run:
            bar.set_total(indexer.pending(current_app.extensions["db_engine"]))
            bar.stage("Indexing")
            indexer.after_bulk_commit(current_app, progress=bar.advance)


@registry_cli.command("batches")
@click.option("--limit", default=20, show_default=True)
def batches_command(limit: int) -> None:
    """List the latest import batches."""
    with new_session() as session:
        for b in session.scalars(batches.select_batches().limit(limit)):
            state = f" reverted {b.reverted_at:%Y-%m-%d %H:%M}" if b.reverted_at else ""
            counts = "; ".join(
                f"{e}: {c['created']} created, {c['updated']} updated" for e, c in b.counts.items()
            )
            click.echo(
                f"#{b.id} {b.created_at:%Y-%m-%d %H:%M} {b.actor_label} {b.files} ({counts}){state}"
            )


@registry_cli.command("revert")
@click.argument("batch_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@as_option
def revert_command(batch_id: int, yes: bool, as_email: str | None) -> None:
    """Revert import batch BATCH_ID as a whole (refused when its rows changed since)."""
    if not yes and sys.stdin.isatty():
        click.confirm(f"Revert import batch #{batch_id}?", abort=True)
    with new_session() as session:
        batches.revert_batch(session, acting_official(session, as_email), batch_id)
    click.echo(f"Import batch #{batch_id} reverted.")


@registry_cli.command("export")
@click.argument("suppliers", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("products", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-state",
    is_flag=True,
    help="Add the columns state, verified_at and listed (active/withdrawn) to the "
    "suppliers file (such a file is for reading, not for re-import).",
)
@click.option(
    "--verified-only",
    is_flag=True,
    help="Only verified suppliers (and their products), with the state columns.",
)
def export_command(
    suppliers: Path, products: Path | None, with_state: bool, verified_only: bool
) -> None:
    """Export to SUPPLIERS.csv|xlsx [PRODUCTS.csv|xlsx] in the import formats."""
    states = [VerificationState.VERIFIED] if verified_only else None
    with new_session() as session:
        n_sup, n_prod = services.export_registry(
            session, suppliers, products, with_state=with_state or verified_only, states=states
        )
    click.echo(
        f"Wrote {n_sup} suppliers to {suppliers}"
        + (f" and {n_prod} products to {products}" if products else "")
    )
