from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.db import new_session
from marketplace.errors import DomainError
from marketplace.suppliers.models import VerificationState
from marketplace.verification import services

officials_cli = AppGroup("officials", help="Work of the Department's officials.")


@officials_cli.command("verify")
@click.argument("tax_code")
@click.option(
    "--as",
    "as_email",
    required=True,
    metavar="EMAIL",
    help="The official who decides (their account's e-mail); named in the history.",
)
@click.option(
    "--note", default="", help="Why (kept in the supplier's history; the supplier sees it)."
)
@click.option(
    "--state",
    type=click.Choice([s.value for s in VerificationState]),
    default=VerificationState.VERIFIED.value,
    show_default=True,
)
def verify(tax_code: str, as_email: str, note: str, state: str) -> None:
    """Mark the supplier TAX_CODE as verified (or another state), as the official
    EMAIL: the same state machine, history, audit and notices as the review page."""
    with new_session() as session:
        try:
            official = services.find_official(session, as_email)
            supplier = services.require_supplier(session, tax_code)
            event = services.verify_as(session, official, supplier, VerificationState(state), note)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        suffix = "" if event else " (unchanged)"
        click.echo(f"{supplier.tax_code} {supplier.name}: {supplier.state.value}{suffix}")
