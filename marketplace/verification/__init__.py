"""Verification of suppliers by the Department: documents, one state machine,
the officials' queue and review page, and what the supplier is told."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from marketplace.verification import notices

    notices.register_kinds()
    notices.register_review_kinds()
