"""Who acts on the command line: `--as EMAIL` names the official whose action it
is, so the audit trail records a user instead of "command line"."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.orm import Session

from marketplace.accounts import services
from marketplace.accounts.models import User
from marketplace.audit.services import act_as

as_option = click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    default=None,
    help="Act as this official (recorded in the audit trail).",
)


def acting_official(session: Session, email: str | None) -> User | None:
    """The active official or admin with this e-mail, named as the session's actor;
    None without an e-mail. A one-line ClickException otherwise."""
    if not email:
        return None
    user = services.get_user_by_email(session, email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail {email}")
    if not user.active or not user.is_official:
        raise click.ClickException(f"{email} is not an active official account")
    act_as(session, user)
    return user


def actor_kwargs(session: Session, email: str | None) -> dict[str, Any]:
    """`actor=` for a service call (nothing when acting as the command line)."""
    user = acting_official(session, email)
    return {"actor": user} if user is not None else {}
