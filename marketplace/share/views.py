"""Share pages: the public summary and methodology, the officials' dashboard and
its exports. Logic lives in share/measure.py and share/queries.py."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("share", __name__)
