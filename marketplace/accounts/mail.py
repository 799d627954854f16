"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the outbox
folder under instance/, so password resets work offline and in tests.

Features call `queue_mail` after their transaction committed: the message is
delivered by the background worker (retried when the server fails), so a slow or
failing mail server neither holds a web worker nor turns a request into a 500
that would reveal which addresses have accounts."""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from uuid import uuid4

from flask import current_app

from marketplace.jobs.queue import huey

log = logging.getLogger(__name__)


# How messages are written out. Python folds a long non-ASCII Subject into several
# RFC 2047 encoded words and puts the space between two words in the folding
# whitespace, which decoders drop ("sảnphẩm"). Lines up to RFC 5322's 998
# characters keep a subject in one encoded word; the body is already encoded in
# short lines by set_content.
OUTBOX_POLICY = policy.default.clone(max_line_length=998)
SMTP_POLICY = policy.SMTP.clone(max_line_length=998)


def build(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def send_mail(to: str, subject: str, body: str) -> Path | None:
    """Send one plain-text message now; returns the outbox file when no SMTP is
    configured. Needs an app context (the worker's, or the caller's)."""
    cfg = current_app.config
    msg = build(cfg["MAIL_FROM"], to, subject, body)
    if cfg["MAIL_SERVER"]:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            sender = parseaddr(cfg["MAIL_FROM"])[1]
            smtp.sendmail(sender, [to], msg.as_bytes(policy=SMTP_POLICY))
        return None
    outbox = Path(cfg["OUTBOX_FOLDER"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid4().hex[:8]}.eml"
    path.write_bytes(msg.as_bytes(policy=OUTBOX_POLICY))
    return path


@huey.task(retries=5, retry_delay=60, name="mail.deliver")
def _deliver(to: str, subject: str, body: str) -> None:
    from marketplace.jobs.services import task_app

    with task_app().app_context():
        send_mail(to, subject, body)


def queue_mail(to: str, subject: str, body: str) -> None:
    """Hand one message (already in the recipient's language) to the worker. A queue
    that cannot be reached is logged, never raised: the action that sends the mail
    has already been stored."""
    try:
        _deliver(to, subject, body)
    except Exception:  # noqa: BLE001 - mail must not undo or fail a committed action
        log.exception("mail to %s could not be queued", to)
