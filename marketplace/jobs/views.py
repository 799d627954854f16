"""Following a job: JSON for polling, and a plain page that works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, make_response, render_template
from flask_login import current_user

from marketplace.db import get_session
from marketplace.errors import DomainError
from marketplace.jobs.queries import get_job_view

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.get("/<job_id>")
def status(job_id: str) -> Response:
    """{status, stage, done, total, percent, text, message, result_url?}; errors as JSON."""
    try:
        view = get_job_view(get_session(), job_id, current_user)
    except DomainError as exc:
        body = {"error": {"status": exc.status, "title": exc.message, "detail": exc.message}}
        return _no_store(make_response(jsonify(body), exc.status))
    return _no_store(make_response(jsonify(view.to_json())))


@bp.get("/<job_id>/page")
def page(job_id: str) -> Response:
    view = get_job_view(get_session(), job_id, current_user)
    return _no_store(make_response(render_template("jobs/page.html", job=view)))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
