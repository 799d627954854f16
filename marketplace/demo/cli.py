from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.db import new_session
from marketplace.demo import generator
from marketplace.imports.report import ImportFailed
from marketplace.indexing import indexer

demo_cli = AppGroup("demo", help="Demonstration data.")


@demo_cli.command("load")
@click.option("--suppliers", default=90, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing (exit 0) when data exists.")
def load(suppliers: int, if_empty: bool) -> None:
    """Fill an empty registry with a deterministic bilingual demo data set: suppliers,
    products and the supply records of 2024–2026."""
    with new_session() as session:
        try:
            try:
                loaded = generator.load(session, suppliers)
            except generator.NotEmpty as exc:
                if not if_empty:
                    raise click.ClickException(str(exc)) from None
                # A demo registry from before the supply records gets them once.
                loaded = generator.load_missing_supply(session, suppliers)
        except ImportFailed as exc:  # a generator bug: show what failed
            for err in exc.report.errors[:20]:
                click.echo(f"error: {err}", err=True)
            raise click.ClickException(exc.message) from None
    if loaded.registry is not None:
        indexer.after_bulk_commit(current_app)
        click.echo(
            f"Loaded {loaded.registry.count('supplier').created} suppliers and "
            f"{loaded.registry.count('product').created} products."
        )
    if loaded.supply is not None:
        click.echo(f"Loaded {loaded.supply.count('supply_record').created} supply records.")
    if loaded.registry is None and loaded.supply is None:
        click.echo("Demo data not loaded: the registry already has suppliers.")
