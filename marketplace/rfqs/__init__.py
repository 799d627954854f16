"""Requests for quotation: a buyer asks the suppliers whose products fit, compares
their quotes and awards one; the award becomes a supply record of the domestic-share
figures."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from marketplace.db import get_session
    from marketplace.rfqs import notices, queries, tasks  # noqa: F401 - tasks: the worker's job

    notices.register_kinds()
    from marketplace.rfqs.pages import format_pct

    app.jinja_env.filters["rfq_pct"] = format_pct

    @app.context_processor
    def _rfq_badge() -> dict[str, object]:
        def unread_rfq_invitations() -> int:
            """The navbar badge of supplier staff: invitations nobody opened yet."""
            if not current_user.is_authenticated:
                return 0
            return queries.count_unread_invitations(get_session(), current_user)

        return {"unread_rfq_invitations": unread_rfq_invitations}
