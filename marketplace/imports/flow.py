"""The steps every import takes around its own checks and writes: stop on bad rows,
stop after a dry run, refuse a preview that no longer holds, write and commit once."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.imports.progress import Progress
from marketplace.imports.report import ImportFailed, ImportReport, PreviewOutdated


def stop_on_errors(session: Session, report: ImportReport) -> None:
    """ImportFailed with the whole report when any row is bad; nothing is stored."""
    if report.errors:
        session.rollback()
        raise ImportFailed(report)


def finish(
    session: Session,
    report: ImportReport,
    progress: Progress,
    write: Callable[[], None],
    dry_run: bool = False,
    expect: str | None = None,
) -> ImportReport:
    """After the plan: a dry run stores nothing; a confirmed preview (`expect`, its
    digest) that no longer matches raises PreviewOutdated with the new one; otherwise
    `write` runs and everything commits at once, or nothing does."""
    if dry_run:
        session.rollback()
        return report
    if expect is not None and report.digest() != expect:
        session.rollback()
        raise PreviewOutdated(report)
    try:
        progress.stage(_("Writing"))
        write()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report
