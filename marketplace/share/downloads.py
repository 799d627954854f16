"""The files the share pages send (dashboard table, records, annual report): one
way to give their type and name."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response

MIMETYPES = {
    "csv": "text/csv",  # Flask adds "; charset=utf-8" to text types
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def attachment(body: bytes | Iterable[str] | Iterable[bytes], name: str) -> Response:
    """`body` as a download named `name`, its type from the name's extension."""
    return Response(
        body,
        mimetype=MIMETYPES[name.rsplit(".", 1)[-1]],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
