from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.db import new_session
from marketplace.errors import DomainError

accounts_cli = AppGroup("accounts", help="Manage user accounts.")


@accounts_cli.command("create-official")
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "full_name", default="")
@click.option("--admin", is_flag=True, help="Create an administrator instead of an official.")
def create_official(email: str, password: str, full_name: str, admin: bool) -> None:
    """Create an official (or administrator) account of the Department."""
    with new_session() as session:
        try:
            user = services.create_user(
                session, email, password, Role.ADMIN if admin else Role.OFFICIAL, full_name
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Created {user.role.value} account {user.email}")
