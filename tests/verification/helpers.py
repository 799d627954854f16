"""Files and rows the verification tests share."""

from __future__ import annotations

import io
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from flask import Flask
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy.orm import Session

from marketplace.suppliers.models import Supplier
from marketplace.verification.models import DocumentKind, VerificationDocument


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def make_document(session: Session, supplier: Supplier, **values: object) -> VerificationDocument:
    """A document row without a file (for the state machine, which only counts them)."""
    doc = VerificationDocument(
        supplier_id=supplier.id,
        kind=values.pop("kind", DocumentKind.BUSINESS_REGISTRATION),
        title="dkkd.pdf",
        stored_name=f"test-{supplier.id}-{values.get('number', 'x')}.pdf",
        content_type="application/pdf",
        size=10,
        **values,
    )
    session.add(doc)
    session.commit()
    return doc


def outbox(app: Flask) -> list[EmailMessage]:
    files = sorted(Path(app.config["OUTBOX_FOLDER"]).glob("*.eml"))
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]  # type: ignore[misc]
