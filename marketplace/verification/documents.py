"""Verification documents: checked by their content (a PDF that parses, an image
Pillow can decode), bounded in size, stored under the instance folder with random
names, and served only to those allowed to see them."""

from __future__ import annotations

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.suppliers.queries import PUBLIC_STATES
from marketplace.verification.models import DocumentKind, VerificationDocument

IMAGE_TYPES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}
PDF = ("application/pdf", ".pdf")


@dataclass
class DocumentFields:
    kind: DocumentKind
    issuer: str | None = None
    number: str | None = None
    expires_on: date | None = None
    public: bool = False


def folder() -> Path:
    path = Path(current_app.config["DOCUMENTS_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return int(current_app.config["MAX_DOCUMENT_BYTES"])


def sniff(data: bytes) -> tuple[str, str]:
    """(content type, extension) of a PDF or PNG/JPEG image, judged by the content;
    InvalidInput naming the problem otherwise. The file name is never trusted."""
    if len(data) > max_bytes():
        raise _invalid(_("The file is larger than %(mb)d MB.", mb=max_bytes() // (1024 * 1024)))
    if not data:
        raise _invalid(_("The file is empty."))
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                img.verify()
            with Image.open(io.BytesIO(data)) as img:  # verify() leaves it unusable
                fmt = img.format or ""
                img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _invalid(_("The image has too many pixels.")) from None
    except Exception:  # noqa: BLE001 - any decoder failure means "not an image we accept"
        raise _invalid(_("The file is neither a PDF nor a PNG or JPEG image.")) from None
    if fmt not in IMAGE_TYPES:
        raise _invalid(_("The file is neither a PDF nor a PNG or JPEG image."))
    return IMAGE_TYPES[fmt]


def _check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _invalid(_("The PDF is password-protected: upload it without a password."))
        if len(reader.pages) < 1:
            raise _invalid(_("The PDF has no pages."))
    except InvalidInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise _invalid(_("The PDF is damaged and cannot be read.")) from None


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, {"file": message})


def add_document(
    session: Session,
    user: User,
    supplier: Supplier,
    filename: str,
    data: bytes,
    fields: DocumentFields,
) -> VerificationDocument:
    """Store a document of the supplier (its staff, or an official). Raises Forbidden,
    InvalidInput (the file: type, size, damage)."""
    permissions.require_edit_supplier(user, supplier)
    content_type, ext = sniff(data)
    stored = secrets.token_hex(16) + ext
    path = folder() / stored
    with open(path, "xb") as out:
        out.write(data)
    audit.act_as(session, user)
    doc = VerificationDocument(
        supplier_id=supplier.id,
        kind=fields.kind,
        title=document_title(filename, ext),
        issuer=fields.issuer or None,
        number=fields.number or None,
        expires_on=fields.expires_on,
        stored_name=stored,
        content_type=content_type,
        size=len(data),
        public=fields.public,
        uploaded_by_id=user.id,
    )
    session.add(doc)
    try:
        session.flush()
        audit.record(session, user, "verification_document", doc.id, "created", None, _values(doc))
        session.commit()
    except Exception:
        session.rollback()
        path.unlink(missing_ok=True)
        raise
    return doc


def document_title(filename: str, ext: str, limit: int = 200) -> str:
    """The name a document is shown and downloaded under: the uploader's file name
    without path, quotes, angle brackets or control characters, ending in the
    extension of the type its content has (a `.pdf.exe` becomes `.pdf.exe.pdf`)."""
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r'[\x00-\x1f\x7f"<>|*?:]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .") or "document"
    if ext == ".jpg" and name.lower().endswith(".jpeg"):
        name = name[:-5] + ext
    if not name.lower().endswith(ext):
        name += ext
    stem = name[: -len(ext)][: limit - len(ext)].rstrip(" .") or "document"
    return stem + ext


def _values(doc: VerificationDocument) -> dict[str, object]:
    return {
        "supplier_id": doc.supplier_id,
        "kind": doc.kind,
        "title": doc.title,
        "issuer": doc.issuer,
        "number": doc.number,
        "expires_on": doc.expires_on.isoformat() if doc.expires_on else None,
        "public": doc.public,
    }


def get_for_edit(session: Session, user: User, document_id: int) -> VerificationDocument:
    doc = session.get(VerificationDocument, document_id)
    if doc is None:
        raise NotFound(_("This document does not exist."))
    supplier = session.get(Supplier, doc.supplier_id)
    if supplier is None or not permissions.can_view_documents(user, supplier):
        raise NotFound(_("This document does not exist."))
    permissions.require_edit_supplier(user, supplier)
    return doc


def remove_document(session: Session, user: User, document_id: int) -> None:
    """Delete a document and its file (the supplier's staff, or an official)."""
    doc = get_for_edit(session, user, document_id)
    supplier = session.get(Supplier, doc.supplier_id)
    if (
        supplier is not None
        and supplier.state == VerificationState.PENDING
        and supplier.submitted_at is not None
        and not (user is not None and user.is_official)
    ):
        raise Conflict(
            _(
                "The Department is reviewing this document with your request; it can be "
                "removed once the review is done."
            )
        )
    audit.act_as(session, user)
    audit.record(session, user, "verification_document", doc.id, "deleted", _values(doc), None)
    stored = doc.stored_name
    session.delete(doc)
    session.commit()
    (folder() / stored).unlink(missing_ok=True)


def set_public(
    session: Session, user: User, document_id: int, public: bool
) -> VerificationDocument:
    """Show a document on the public profile, or hide it again."""
    doc = get_for_edit(session, user, document_id)
    if doc.public != public:
        audit.act_as(session, user)
        audit.record(
            session,
            user,
            "verification_document",
            doc.id,
            "updated",
            {"public": doc.public},
            {"public": public},
        )
        doc.public = public
    session.commit()
    return doc


def open_document(
    session: Session, user: User | None, document_id: int
) -> tuple[VerificationDocument, Path]:
    """The document and its file, for whoever may see it: the supplier's staff and
    officials; anyone when the supplier made it public and its profile is public.
    NotFound otherwise (a private document's existence is not revealed)."""
    doc = session.get(VerificationDocument, document_id)
    supplier = session.get(Supplier, doc.supplier_id) if doc else None
    if doc is None or supplier is None:
        raise NotFound(_("This document does not exist."))
    allowed = permissions.can_view_documents(user, supplier) or (
        doc.public and supplier.state in PUBLIC_STATES
    )
    path = folder() / doc.stored_name
    if not allowed or not path.is_file():
        raise NotFound(_("This document does not exist."))
    return doc, path
