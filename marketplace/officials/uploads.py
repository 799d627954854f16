"""The officials' web path for imports, the same code as the CLI: upload → validation
as a job → preview → confirm → commit as a job → result; reverting a batch is a
job too. Uploaded files are kept under instance/imports/<upload id>/ until done."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from flask import current_app, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, Select, select, update
from sqlalchemy.orm import Session

from marketplace.accounts import permissions
from marketplace.accounts.models import User
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.imports import batches
from marketplace.imports.models import ImportUpload, UploadStatus
from marketplace.imports.progress import Progress
from marketplace.imports.report import ImportFailed, ImportReport, PreviewOutdated
from marketplace.imports.tables import is_xlsx
from marketplace.indexing import indexer
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.services import QueueUnavailable, job, submit
from marketplace.officials.labels import status_label
from marketplace.registry import services as registry
from marketplace.share.imports import import_supply_records
from marketplace.suppliers.models import Supplier

File = tuple[str, bytes]
Importer = Callable[..., ImportReport]


@dataclass(frozen=True)
class Slot:
    name: str  # form field and file role, e.g. "suppliers"
    label: Any  # lazy text


@dataclass(frozen=True)
class Kind:
    """One kind of import the upload page offers: its file slots (in the order the
    importer takes them; the first is required unless `any_slot`) and the importer."""

    name: str
    label: Any
    slots: tuple[Slot, ...]
    run: Importer
    any_slot: bool = False  # at least one file, in any slot
    # A supplier's own catalogue: the importer gets `owner` (the upload's supplier),
    # and that supplier's staff may use it as officials use the others.
    scoped: bool = False


KINDS: dict[str, Kind] = {
    "registry": Kind(
        "registry",
        _l("Suppliers and products"),
        (Slot("suppliers", _l("Suppliers file")), Slot("products", _l("Products file"))),
        registry.import_registry,
        any_slot=True,
    ),
    "share": Kind(
        "share",
        _l("Supply records"),
        (Slot("records", _l("Supply records file")),),
        import_supply_records,
    ),
    "catalogue": Kind(
        "catalogue",
        _l("Own product catalogue"),
        (Slot("products", _l("Products file")),),
        registry.import_catalogue,
        scoped=True,
    ),
}
ALLOWED = (".csv", ".xlsx")


def page_url(endpoint: str, **values: Any) -> str:
    """A page's path, also in a worker (no request there, and no SERVER_NAME)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def folder_of(upload_id: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", upload_id):
        raise NotFound(_("No such upload."))
    return Path(current_app.instance_path) / "imports" / upload_id


def start_upload(
    session: Session,
    user: User,
    kind: str,
    files: dict[str, tuple[str, bytes] | None],
    supplier: Supplier | None = None,
) -> ImportUpload:
    """Keep the files and start their validation as a job. Raises Forbidden unless an
    official (for a scoped kind, the `supplier`'s own staff too), InvalidInput (per
    file slot) for a missing, empty or unsupported file, or a file the kind does not
    take (a suppliers file in a supplier's catalogue)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise NotFound(_("Unknown kind of import."))
    if spec.scoped:
        if supplier is None:
            raise NotFound(_("No such supplier."))
        permissions.require_manage_import(user, supplier.id)
    else:
        permissions.require_official(user)
    errors: dict[str, str] = {}
    slot_names = {slot.name for slot in spec.slots}
    for name in sorted(n for n, f in files.items() if f and n not in slot_names):
        errors[spec.slots[0].name] = (
            _("Only your products file can be uploaded here, not a suppliers file.")
            if name == "suppliers"
            else _("This import does not take a %(name)s file.", name=name)
        )
    for slot in spec.slots:
        f = files.get(slot.name)
        if f is None:
            continue
        name, data = f
        if not name.lower().endswith(ALLOWED):
            errors[slot.name] = _("%(file)s: only .csv and .xlsx files can be imported", file=name)
        elif not data:
            errors[slot.name] = _("%(file)s is empty", file=name)
    if not any(files.get(s.name) for s in spec.slots):
        errors[spec.slots[0].name] = _("Choose a file to import.")
    elif not spec.any_slot and not files.get(spec.slots[0].name):
        errors[spec.slots[0].name] = _("This file is required.")
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), errors)
    upload = ImportUpload(
        id=uuid.uuid4().hex,
        kind=kind,
        owner_id=user.id,
        supplier_id=supplier.id if spec.scoped and supplier else None,
        files=[],
        status=UploadStatus.VALIDATING,
    )
    folder = folder_of(upload.id)
    folder.mkdir(parents=True)
    stored: list[str] = []
    for i, slot in enumerate(spec.slots):
        f = files.get(slot.name)
        if f is None:
            stored.append("")
            continue
        safe = re.sub(r"[^\w.\-]+", "_", Path(f[0]).name)[-120:] or "file"
        (folder / f"{i}-{safe}").write_bytes(f[1])
        stored.append(f"{i}-{safe}")
    upload.files = stored
    session.add(upload)
    return _run_job(session, user, upload, UploadStatus.VALIDATING, "imports.validate")


def _files(upload: ImportUpload) -> list[File | None]:
    folder = folder_of(upload.id)
    return [
        (name.split("-", 1)[1], (folder / name).read_bytes()) if name else None
        for name in upload.files
    ]


def _load(session: Session, upload_id: str) -> ImportUpload:
    upload = session.get(ImportUpload, upload_id)
    if upload is None:
        raise NotFound(_("No such upload."))
    return upload


def _load_for(session: Session, user: User | None, upload_id: str) -> ImportUpload:
    """The upload, if `user` may see and act on it (Forbidden otherwise)."""
    folder_of(upload_id)  # refuses a malformed id
    upload = _load(session, upload_id)
    permissions.require_manage_import(user, upload.supplier_id)
    return upload


def _scope(session: Session, upload: ImportUpload) -> dict[str, Any]:
    """The importer's extra arguments: a catalogue's owner."""
    if upload.supplier_id is None:
        return {}
    return {"owner": session.get(Supplier, upload.supplier_id)}


def upload_page(upload: ImportUpload) -> str:
    """Where the upload is followed: the officials' pages or the supplier's catalogue."""
    endpoint = "catalogue.upload" if upload.supplier_id else "officials.upload"
    return page_url(endpoint, upload_id=upload.id)


# Checked, and waiting for nothing but the official: may be checked again or cancelled.
_SETTLED = (UploadStatus.READY, UploadStatus.UNCHANGED, UploadStatus.INVALID, UploadStatus.FAILED)


def _rows_in(uploaded: list[File | None]) -> int:
    """How many rows the CSV files hold, for the progress bar: their lines less the
    header (a quoted line break counts one too many). 0, an open-ended bar, when an
    XLSX file is among them: its rows are not counted before it is read."""
    files = [f for f in uploaded if f]
    if any(is_xlsx(name, data) for name, data in files):
        return 0
    lines = (data.count(b"\n") + (not data.endswith(b"\n")) for _name, data in files)
    return sum(max(n - 1, 0) for n in lines)


def _checked_status(report: ImportReport) -> UploadStatus:
    """Ready to import, or nothing to import: a valid file that changes nothing is
    not left waiting among the uploads in progress."""
    changing = any(c.created or c.updated for c in report.counts.values())
    return UploadStatus.READY if changing else UploadStatus.UNCHANGED


@job("imports.validate")
def validate_upload(session: Session, progress: Progress, upload_id: str) -> dict[str, Any]:
    """Check the files and store what would change (or every error) for the preview."""
    upload = _load(session, upload_id)
    files = _files(upload)
    progress.set_total(_rows_in(files))
    try:
        report = KINDS[upload.kind].run(
            session, *files, **_scope(session, upload), dry_run=True, progress=progress
        )
        upload.status = _checked_status(report)
    except ImportFailed as exc:
        report = exc.report
        upload.status = UploadStatus.INVALID
    upload.report = {**report.as_dict(), "locale": str(get_locale())}
    return {"url": upload_page(upload)}


def recheck_upload(session: Session, user: User, upload_id: str) -> ImportUpload:
    """Check the files again (after the registry changed, or to read the report in the
    language now chosen: problems are written in the language of the check)."""
    upload = _load_for(session, user, upload_id)
    if upload.status not in _SETTLED:
        raise Conflict(_("This upload cannot be checked again now."))
    return _run_job(session, user, upload, UploadStatus.VALIDATING, "imports.validate")


def _run_job(
    session: Session,
    user: User,
    upload: ImportUpload,
    status: UploadStatus,
    kind: str,
    *args: Any,
    back_to: UploadStatus = UploadStatus.FAILED,
) -> ImportUpload:
    """Move the upload to `status` and start its job (committed first: the job reads it).
    When the queue cannot take the job, the upload goes to `back_to` (failed: it can be
    checked again; ready: confirmed again) and QueueUnavailable is raised."""
    upload.status = status
    session.commit()
    try:
        upload.job_id = submit(session, kind, upload.id, *args, owner=user).id
    except QueueUnavailable:
        upload.status = back_to
        session.commit()
        raise
    session.commit()
    return upload


@job("imports.commit")
def commit_upload(
    session: Session, progress: Progress, upload_id: str, user_id: int
) -> dict[str, Any]:
    """Import the files for good (checked again: the registry may have changed since
    the preview), then let the index catch up."""
    upload = _load(session, upload_id)
    actor = session.get(User, user_id)
    # Still allowed when the job runs (an official, or the supplier's own staff).
    permissions.require_manage_import(actor, upload.supplier_id)
    files = _files(upload)
    progress.set_total(_rows_in(files))
    expect = (upload.report or {}).get("digest")
    try:
        report = KINDS[upload.kind].run(
            session,
            *files,
            **_scope(session, upload),
            actor=actor,
            progress=progress,
            expect=expect,
        )
    except (ImportFailed, PreviewOutdated) as exc:
        session.rollback()
        upload = _load(session, upload_id)
        outdated = isinstance(exc, PreviewOutdated)
        # An outdated preview is replaced by the new one, which may change nothing.
        upload.status = _checked_status(exc.report) if outdated else UploadStatus.INVALID
        upload.report = {
            **exc.report.as_dict(),
            "outdated": outdated,
            "locale": str(get_locale()),
        }
        return {"url": upload_page(upload)}
    upload = _load(session, upload_id)  # the import committed: read it afresh
    upload.status = UploadStatus.COMMITTED
    upload.report = {**report.as_dict(), "locale": str(get_locale())}
    upload.batch_id = report.batch_id
    session.commit()
    shutil.rmtree(folder_of(upload_id), ignore_errors=True)
    progress.stage(_("Making the changes searchable"))
    engine = current_app.extensions["db_engine"]
    progress.set_total(indexer.pending(engine))
    indexer.after_bulk_commit(current_app._get_current_object(), progress=progress.advance)  # type: ignore[attr-defined]
    return {"url": upload_page(upload)}


def confirm_upload(session: Session, user: User, upload_id: str) -> ImportUpload:
    """Commit a validated upload (as a job). Conflict unless it is ready."""
    upload = _load_for(session, user, upload_id)
    # Claimed with a conditional update: two quick confirms start one import.
    result = session.execute(
        update(ImportUpload)
        .where(ImportUpload.id == upload_id, ImportUpload.status == UploadStatus.READY)
        .values(status=UploadStatus.COMMITTING)
        .execution_options(synchronize_session=False)
    )
    claimed = cast(CursorResult[Any], result).rowcount
    session.commit()
    session.refresh(upload)
    if not claimed:
        raise Conflict(
            _(
                "This upload cannot be imported: it is %(status)s.",
                status=status_label(upload.status),
            )
        )
    return _run_job(
        session,
        user,
        upload,
        UploadStatus.COMMITTING,
        "imports.commit",
        user.id,
        back_to=UploadStatus.READY,
    )


def cancel_upload(session: Session, user: User, upload_id: str) -> None:
    upload = _load_for(session, user, upload_id)
    if upload.status not in _SETTLED:
        raise Conflict(_("This upload cannot be cancelled now."))
    upload.status = UploadStatus.CANCELLED
    session.commit()
    shutil.rmtree(folder_of(upload_id), ignore_errors=True)


def get_upload(session: Session, user: User, upload_id: str) -> ImportUpload:
    """The upload; one whose job died (a worker killed mid-way: its transaction never
    committed) goes back to where the official can act again: a failed check can be
    re-run, an interrupted import confirmed again."""
    upload = _load_for(session, user, upload_id)
    if upload.status in (UploadStatus.VALIDATING, UploadStatus.COMMITTING) and upload.job_id:
        record = session.get(Job, upload.job_id)
        if record is not None and record.status == JobStatus.FAILED:
            if upload.status == UploadStatus.COMMITTING and upload.report is not None:
                upload.status = UploadStatus.READY
                upload.report = {**upload.report, "interrupted": record.message}
            else:
                upload.status = UploadStatus.FAILED
            session.commit()
    return upload


def select_uploads_in_progress(supplier_id: int | None = None) -> Select[Any]:
    """Uploads waiting for a check, a confirmation or their commit (newest first);
    only one supplier's catalogue uploads with `supplier_id`."""
    active = (UploadStatus.VALIDATING, UploadStatus.READY, UploadStatus.COMMITTING)
    stmt = (
        select(ImportUpload)
        .where(ImportUpload.status.in_(active))
        .order_by(ImportUpload.created_at.desc())
    )
    return stmt if supplier_id is None else stmt.where(ImportUpload.supplier_id == supplier_id)


@job("imports.revert")
def revert_job(session: Session, progress: Progress, batch_id: int, user_id: int) -> dict[str, Any]:
    progress.stage(_("Reverting"))
    batches.revert_batch(session, session.get(User, user_id), batch_id)
    indexer.after_bulk_commit(current_app._get_current_object())  # type: ignore[attr-defined]
    return {"url": page_url("officials.batch", batch_id=batch_id)}


def start_revert(session: Session, user: User, batch_id: int) -> str:
    """Revert a batch as a job; the job id. Forbidden unless an official."""
    permissions.require_official(user)
    batch = batches.get_batch(session, batch_id)
    if batch.reverted_at is not None:
        raise Conflict(_("This import was already reverted."))
    return submit(session, "imports.revert", batch_id, user.id, owner=user).id
