"""Officials' pages for the records behind the figures (drill-down, single-record
form and history, exports) and the targets. Logic lives in share/services.py,
share/queries.py and share/targets.py."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user, login_required

from marketplace.accounts import permissions

bp = Blueprint("share_records", __name__, url_prefix="/officials/share")


@bp.before_request
@login_required
def _officials_only() -> None:
    permissions.require_official(current_user)
