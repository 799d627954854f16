"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the outbox
folder under instance/, so password resets work offline and in tests."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from uuid import uuid4

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> Path | None:
    """Send one plain-text message; returns the outbox file when no SMTP is configured."""
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    if cfg["MAIL_SERVER"]:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
        return None
    outbox = Path(cfg["OUTBOX_FOLDER"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid4().hex[:8]}.eml"
    path.write_bytes(msg.as_bytes())
    return path
