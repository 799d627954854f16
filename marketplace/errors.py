"""Domain exceptions and their mapping to HTTP answers (HTML, or JSON under /api/)."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base for errors a service raises on purpose; `status` is the HTTP status."""

    status = 422

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class InvalidInput(DomainError):
    status = 422

    def __init__(self, message: str = "", errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class Conflict(DomainError):
    status = 409


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("The upload is too large"),
        422: _("The request could not be processed"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
    }


def upload_limit_mb() -> int:
    """The largest request the site takes (MAX_CONTENT_LENGTH), in MB."""
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)


def render_error(status: int, detail: str = "") -> Response:
    """The error page (or JSON error) for `status`, with an explanation."""
    title = _titles().get(status, _("Error"))
    if wants_json():
        body = jsonify({"error": {"status": status, "title": title, "detail": detail}})
    else:
        body = render_template("errors/error.html", status=status, title=title, detail=detail)
    return make_response(body, status)


def init_app(app: Flask) -> None:
    from marketplace.forms_util import csrf_error_response

    app.register_error_handler(CSRFError, csrf_error_response)
    app.jinja_env.globals["upload_limit_mb"] = upload_limit_mb

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError) -> Response:
        return render_error(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        detail = exc.description if wants_json() else ""
        if exc.code == 413:  # say the limit: the form's page links back
            detail = _(
                "Files up to %(mb)d MB in all can be uploaded at once.", mb=upload_limit_mb()
            )
        resp = render_error(exc.code or 500, detail)
        allowed = getattr(exc, "valid_methods", None)
        if allowed:
            resp.headers["Allow"] = ", ".join(allowed)
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.path)
        return render_error(500)
