"""The list of a user's notices, and marking them read. The bell's count comes from
the context processor in init_app."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.db import get_session
from marketplace.notifications import messages, preferences, queries, services
from marketplace.notifications.forms import preferences_form
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


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():  # type: ignore[no-untyped-def]
    form = preferences_form(preferences.get_email_choices(get_session(), current_user.id))
    if form.validate_on_submit():
        choices = {group: bool(form[group].data) for group in messages.GROUPS}
        preferences.set_email_choices(get_session(), current_user, choices)
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, groups=messages.GROUPS)


def init_app(app: Flask) -> None:
    from marketplace.notifications import tasks  # noqa: F401 - the worker's periodic digest

    @app.context_processor
    def _bell() -> dict[str, object]:
        def unread_notifications() -> int:
            if not current_user or not current_user.is_authenticated:
                return 0
            return queries.count_unread(get_session(), current_user.id)

        return {"unread_notifications": unread_notifications}
