"""Inquiries: a buyer writes to a supplier about a product or in general, and the
buyer and the supplier's staff continue in a message thread (with attachments).
Also the supplier's response time, computed from those threads."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from marketplace.inquiries import notices

    notices.register_kinds()
