"""Per-user limits on new inquiries and messages (abuse: a buyer mass-mailing
suppliers). Counted by Flask-Limiter in the shared storage of accounts/throttle,
keyed on the account, and only for what was actually sent."""

from __future__ import annotations

from flask import Response, current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user


def user_key() -> str:
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def inquiry_limit() -> str:
    return str(current_app.config["INQUIRY_RATE_LIMIT"])


def message_limit() -> str:
    return str(current_app.config["MESSAGE_RATE_LIMIT"])


def sent(response: Response) -> bool:
    """A form that was sent redirects; one sent back with errors does not count."""
    return response.status_code == 302


def inquiry_message() -> str:
    return _(
        "You have sent many inquiries in a short time. To protect suppliers from mass "
        "mailing, new inquiries are paused for a while; your open threads still work."
    )


def message_message() -> str:
    return _("You have sent many messages in a short time.")
