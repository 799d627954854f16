from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.db import new_session
from marketplace.errors import DomainError
from marketplace.suppliers import services
from marketplace.suppliers.models import VerificationState

officials_cli = AppGroup("officials", help="Work of the Department's officials.")


@officials_cli.command("verify")
@click.argument("tax_code")
@click.option("--note", default="", help="Why (kept in the supplier's history).")
@click.option(
    "--state",
    type=click.Choice([s.value for s in VerificationState]),
    default=VerificationState.VERIFIED.value,
    show_default=True,
)
def verify(tax_code: str, note: str, state: str) -> None:
    """Mark the supplier TAX_CODE as verified (or another state)."""
    with new_session() as session:
        try:
            supplier = services.require_supplier(session, tax_code)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        services.set_verification_state(
            session, supplier, VerificationState(state), actor="cli", note=note
        )
        click.echo(f"{supplier.tax_code} {supplier.name}: {supplier.state.value}")
