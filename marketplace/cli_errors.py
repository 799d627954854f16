"""A failing command prints one line, `Error: <message>`, and exits 1; the traceback
only with `flask --debug ...`, FLASK_DEBUG=1 or MARKETPLACE_DEBUG=1.

`init_app` gives the app a command group that wraps every command it hands out, at any
depth and whenever it was added, so `flask --app wsgi registry import ...` and the test
CLI runner both go through it. Click's own errors (usage, `click.ClickException`,
`ctx.exit`, Ctrl-C) keep their usual output."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

_WRAPPED = "_marketplace_reports_errors"
MAX_REASON = 200


def one_line(exc: BaseException) -> str:
    """A short, single-line account of `exc`: the driver's message for database errors
    (without SQLAlchemy's SQL echo and links), the first line, at most MAX_REASON chars."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = lines[0] if lines else type(exc).__name__
    if len(message) > MAX_REASON:
        message = message[: MAX_REASON - 1] + "…"
    return message


def debug_requested() -> bool:
    if any(
        os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
        for name in ("MARKETPLACE_DEBUG", "FLASK_DEBUG")
    ):
        return True
    return has_app_context() and bool(current_app.debug)


def _passes_through(exc: Exception) -> bool:
    # click.exceptions.Exit and Abort are RuntimeErrors: they are not failures to report.
    return isinstance(exc, click.ClickException | click.exceptions.Exit | click.Abort)


@contextmanager
def reported() -> Iterator[None]:
    """Turn an unexpected exception into `Error: <message>` (exit status 1) unless a
    traceback was asked for."""
    try:
        yield
    except Exception as exc:
        if _passes_through(exc) or debug_requested():
            raise
        raise click.ClickException(one_line(exc)) from None


def _wrap(command: click.Command) -> None:
    callback = command.callback
    if callback is not None and not getattr(callback, _WRAPPED, False):

        @functools.wraps(callback)
        def reporting(*args: Any, **kwargs: Any) -> Any:
            with reported():
                return callback(*args, **kwargs)

        setattr(reporting, _WRAPPED, True)
        command.callback = reporting
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _wrap(sub)


class ErrorReportingGroup(AppGroup):
    """The app's `cli` group: every command it returns reports failures in one line."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _wrap(command)
        return command


def init_app(app: Flask) -> None:
    """Replace `app.cli` by an ErrorReportingGroup holding the same commands (commands
    added later land in it too)."""
    if isinstance(app.cli, ErrorReportingGroup):
        return
    group = ErrorReportingGroup(app.cli.name)
    group.commands.update(app.cli.commands)
    app.cli = group


def in_cli() -> bool:
    """Whether the code runs inside a click command line (`flask --app wsgi ...`)."""
    return click.get_current_context(silent=True) is not None


def creating_app(create: Callable[[], Flask]) -> Flask:
    """`create()`, except that on the command line a failure (a ConfigError, say) is one
    clear line; servers (gunicorn) still log the traceback and stop."""
    if not in_cli():
        return create()
    with reported():
        return create()
