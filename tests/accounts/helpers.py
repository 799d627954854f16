"""Shared helpers of the account tests: rows made outside any request (so no test
sees a Flask-Login user cached in an app context), mail read from the outbox."""

from __future__ import annotations

import email
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from marketplace.accounts.models import Role, User
from marketplace.db import new_session
from tests import factories
from tests.factories import PASSWORD


def add_user(app: Flask, role: Role = Role.BUYER, **values: Any) -> User:
    with app.app_context(), new_session(app) as s:
        supplier = values.pop("supplier", None)
        user = factories.make_user(s, role, supplier=supplier, email=values.pop("email", None))
        for key, value in values.items():
            setattr(user, key, value)
        s.commit()
        return user


def add_supplier(app: Flask, **values: Any):  # type: ignore[no-untyped-def]
    with app.app_context(), new_session(app) as s:
        return factories.make_supplier(s, **values)


def log_in(client: FlaskClient, user_email: str, password: str = PASSWORD, **kw: Any) -> Any:
    response = client.post("/account/login", data={"email": user_email, "password": password}, **kw)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def mails(app: Flask) -> list[email.message.Message]:
    # Oldest first: file names only carry the second, so order by write time.
    paths = sorted(
        Path(app.config["OUTBOX_FOLDER"]).glob("*.eml"), key=lambda p: p.stat().st_mtime_ns
    )
    return [email.message_from_bytes(p.read_bytes()) for p in paths]


def body(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def last_link(app: Flask, path: str) -> str:
    """The last link to `path` in the outbox, whole (scheme and host included)."""
    for message in reversed(mails(app)):
        found = re.search(r"(https?://\S*" + re.escape(path) + r"\S+)", body(message))
        if found:
            return found.group(1)
    raise AssertionError(f"no mail with a link to {path}")


def signed_in(client: FlaskClient) -> bool:
    """Whether the client reaches a signed-in page (not redirected to log in)."""
    return client.get("/account/sessions").status_code == 200
