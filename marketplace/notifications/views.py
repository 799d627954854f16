"""The list of a user's notices, and marking them read. The bell's count comes from
the context processor in init_app."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.db import get_session
from marketplace.notifications import messages, queries, services
from marketplace.pagination import paginate

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    stmt = queries.select_for_user(current_user.id)
    page = paginate(get_session(), stmt, request.args.get("page", 1, type=int), 20)
    return render_template("notifications/index.html", page=page, render=messages.render)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):  # type: ignore[no-untyped-def]
    notice = services.mark_read(get_session(), current_user, notification_id)
    if (
        request.form.get("open")
        and notice.link
        and notice.link.startswith("/")
        and not notice.link.startswith("//")
    ):
        return redirect(notice.link)
    return redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():  # type: ignore[no-untyped-def]
    n = services.mark_all_read(get_session(), current_user)
    flash(_("%(n)d notices marked as read.", n=n) if n else _("No unread notices."), "success")
    return redirect(url_for("notifications.index"))


def init_app(app: Flask) -> None:
    @app.context_processor
    def _bell() -> dict[str, object]:
        def unread_notifications() -> int:
            if not current_user or not current_user.is_authenticated:
                return 0
            return queries.count_unread(get_session(), current_user.id)

        return {"unread_notifications": unread_notifications}
