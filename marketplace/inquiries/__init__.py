"""Inquiries: a buyer writes to a supplier about a product or in general, and the
buyer and the supplier's staff continue in a message thread (with attachments).
Also the supplier's response time, computed from those threads."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from marketplace.db import get_session
    from marketplace.inquiries import notices, queries

    notices.register_kinds()

    @app.context_processor
    def _inquiry_badge() -> dict[str, object]:
        def unread_inquiries() -> int:
            """The navbar badge: threads with a message this user has not read."""
            if not current_user.is_authenticated:
                return 0
            return queries.count_unread(get_session(), current_user)

        return {"unread_inquiries": unread_inquiries}
