from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from marketplace.db import new_session
from marketplace.registry import services

registry_cli = AppGroup("registry", help="Bulk import and export of suppliers and products.")


def _read(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()


@registry_cli.command("import")
@click.argument("suppliers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "products", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def import_command(suppliers: Path, products: Path | None) -> None:
    """Import SUPPLIERS.csv|xlsx [PRODUCTS.csv|xlsx]: all or nothing, idempotent."""
    sup = _read(suppliers)
    prod = _read(products) if products else None
    total = services.count_rows(*reversed(sup)) + (
        services.count_rows(*reversed(prod)) if prod else 0
    )
    with (
        new_session() as session,
        click.progressbar(
            length=max(total, 1),
            label="Importing",
            file=sys.stderr,
        ) as bar,
    ):
        try:
            report = services.import_registry(
                session, sup, prod, actor="cli import", progress=bar.update
            )
        except services.ImportFailed as exc:
            click.echo("", err=True)
            for err in exc.report.errors:
                click.echo(f"error: {err}", err=True)
            raise click.ClickException(exc.message) from None
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"Suppliers: {report.suppliers_created} created, {report.suppliers_updated} "
        f"updated. Products: {report.products_created} created, "
        f"{report.products_updated} updated."
    )


@registry_cli.command("export")
@click.argument("suppliers", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("products", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_command(suppliers: Path, products: Path | None) -> None:
    """Export to SUPPLIERS.csv|xlsx [PRODUCTS.csv|xlsx] in the import formats."""
    with new_session() as session:
        n_sup, n_prod = services.export_registry(session, suppliers, products)
    click.echo(
        f"Wrote {n_sup} suppliers to {suppliers}"
        + (f" and {n_prod} products to {products}" if products else "")
    )
