"""Putting a service's per-field errors back on a WTForms form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, flash, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError

from marketplace.errors import Conflict, DomainError, InvalidInput

# Import column names that are named differently on the forms.
_FIELD_ALIASES = {"category_code": "category"}


def apply_errors(form: FlaskForm, exc: DomainError, default_field: str | None = None) -> None:
    """Attach `exc` to the fields it names; a message naming no field goes to
    `default_field`, or to the form's own errors."""
    errors = exc.errors if isinstance(exc, InvalidInput) else {}
    placed = False
    for name, message in errors.items():
        field = form._fields.get(_FIELD_ALIASES.get(name, name))
        if field is not None:
            field.errors = [*field.errors, message]
            placed = True
    if not placed:
        field = form._fields.get(default_field or "")
        if field is not None:
            field.errors = [*field.errors, exc.message]
        else:
            form.form_errors.append(exc.message)


# What happens when a form comes back with an expired or missing CSRF token (the
# token lives in the session cookie: it ends with the browser session, after
# WTF_CSRF_TIME_LIMIT, or when the user logged out in another tab). A bare 400 would
# throw away what the person typed; instead a form view marked `keeps_input` is run
# again on the same request: its FlaskForm reads the posted values and, the token
# being invalid, `validate_on_submit()` is False, so nothing is saved and the form
# comes back filled in, with a fresh token and a message. Only marked views are
# re-run: a view that acts on POST without validating a FlaskForm would otherwise
# carry out a forged request.
_KEEPS_INPUT = "_keeps_input_on_csrf_error"

V = TypeVar("V", bound=Callable[..., Any])


def keeps_input(view: V) -> V:
    """Mark a view whose POST handling is gated by a FlaskForm's validation."""
    setattr(view, _KEEPS_INPUT, True)
    return view


def csrf_error_response(exc: CSRFError) -> ResponseReturnValue:
    message = _(
        "This form had expired (it was open too long, or you logged out or in "
        "elsewhere), so nothing was saved. What you typed is kept below: check it "
        "and send it again."
    )
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or not getattr(view, _KEEPS_INPUT, False):
        from marketplace.errors import render_error

        return render_error(400, message)
    try:
        # The CSRF check stopped the request before the rest of the before-request
        # hooks (a blueprint's "officials only", the limits): they run now.
        early = _rest_of_preprocessing()
        if early is not None:
            return early
        flash(message, "warning")
        response = make_response(current_app.ensure_sync(view)(**(request.view_args or {})))
    except Exception as exc:  # noqa: BLE001 - handled by the app's own error handlers
        return current_app.handle_user_exception(exc)
    if response.status_code == 200:
        response.status_code = 400
    return response


def _rest_of_preprocessing() -> ResponseReturnValue | None:
    funcs = current_app.before_request_funcs
    app_funcs = list(funcs.get(None, []))
    names = [getattr(f, "__name__", "") for f in app_funcs]
    start = names.index("csrf_protect") + 1 if "csrf_protect" in names else len(app_funcs)
    chain = app_funcs[start:]
    for name in reversed(request.blueprints):
        chain.extend(funcs.get(name, []))
    for func in chain:
        answer = current_app.ensure_sync(func)()
        if answer is not None:
            return answer  # type: ignore[no-any-return]
    return None


def flash_conflict(action: Callable[[], object]) -> None:
    """Run `action`; a Conflict (a button on a page the state has moved on from: a
    stale tab, a second click) is said in a flash on the page the view redirects to,
    which shows where things stand, instead of a bare 409 page."""
    try:
        action()
    except Conflict as exc:
        flash(exc.message, "warning")
