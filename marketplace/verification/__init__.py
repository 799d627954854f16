"""Verification of suppliers by the Department: documents, one state machine,
the officials' queue and review page, and what the supplier is told."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from marketplace.verification import notices

    app.config.setdefault("DOCUMENTS_FOLDER", str(app.instance_path) + "/documents")
    app.config.setdefault("MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)
    notices.register_kinds()
