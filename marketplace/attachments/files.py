"""Store and serve attachments. A file is written before the row that names it is
committed, so a rolled-back transaction removes the files it wrote."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from flask import Response, current_app, send_file
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.attachments.models import Attachment
from marketplace.db import on_rollback
from marketplace.errors import InvalidInput
from marketplace.verification.documents import document_title, sniff


@dataclass(frozen=True)
class Upload:
    """A file as received: its name on the sender's machine and its bytes."""

    filename: str
    data: bytes


def folder() -> Path:
    path = Path(current_app.config["ATTACHMENTS_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_count() -> int:
    return int(current_app.config["MAX_ATTACHMENTS"])


def store(
    session: Session, user: User, uploads: Sequence[Upload], field: str = "attachments"
) -> list[Attachment]:
    """Check every upload (PDF or PNG/JPEG by content, size), write the files and add
    their rows to the session; the caller links and commits them. InvalidInput on
    `field` naming the file at fault; nothing is written unless all pass."""
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > max_count():
        message = _("At most %(n)d files can be attached.", n=max_count())
        raise InvalidInput(message, {field: message})
    checked = []
    for upload in uploads:
        try:
            content_type, ext = sniff(upload.data)
        except InvalidInput as exc:
            message = _("%(file)s: %(problem)s", file=upload.filename or "?", problem=exc.message)
            raise InvalidInput(message, {field: message}) from None
        checked.append((upload, content_type, ext))
    made = []
    for upload, content_type, ext in checked:
        stored = secrets.token_hex(16) + ext
        path = folder() / stored
        with open(path, "xb") as out:
            out.write(upload.data)
        on_rollback(session, partial(path.unlink, missing_ok=True))
        made.append(
            Attachment(
                stored_name=stored,
                title=document_title(upload.filename, ext),
                content_type=content_type,
                size=len(upload.data),
                uploaded_by_id=user.id,
            )
        )
    session.add_all(made)
    return made


def send(attachment: Attachment) -> Response:
    """The file as a download (never rendered in the browser: it came from another
    user), private to this reader. The caller has checked that they may read it."""
    path = folder() / attachment.stored_name
    response = send_file(
        path,
        mimetype=attachment.content_type,
        download_name=attachment.title,
        as_attachment=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
