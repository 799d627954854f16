"""What every import command shares: reading the file, a progress bar on a terminal
(a line per stage elsewhere, so a log shows progress), the report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType

import click

from marketplace.imports.report import ImportReport


def read_file(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()


class ClickProgress:
    """`Progress` for the command line: a bar on a terminal; without one (cron, a
    pipe, a CI log) a line per stage and one every few seconds."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.total = 0
        self.done = 0
        self.tty = sys.stderr.isatty()
        self._last = time.monotonic()
        self._bar: object | None = None

    def __enter__(self) -> ClickProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()  # type: ignore[attr-defined]
            self._bar = None

    def set_total(self, total: int) -> None:
        self.total = total

    def stage(self, label: str) -> None:
        self.finish()
        self.label = label
        self.done = 0
        if self.tty:
            self._bar = click.progressbar(length=max(self.total, 1), label=label, file=sys.stderr)
            self._bar.render_progress()  # type: ignore[attr-defined]
        else:
            click.echo(f"{label}…", err=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)  # type: ignore[attr-defined]
        elif not self.tty and time.monotonic() - self._last > 5:
            self._last = time.monotonic()
            click.echo(f"{self.label}: {self.done:,} rows", err=True)


def print_report(report: ImportReport, listed: int = 20) -> None:
    """Errors, warnings, then (for a dry run) what would change, then the counts."""
    for err in report.errors:
        click.echo(f"error: {err}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.dry_run:
        by_entity: dict[str, int] = {}
        for change in report.changes:
            n = by_entity.get(change.entity, 0)
            by_entity[change.entity] = n + 1
            if n < listed:
                fields = ", ".join(
                    f"{c}: {_show(old)} → {_show(new)}"
                    if change.action == "updated"
                    else f"{c}: {_show(new)}"
                    for c, (old, new) in change.fields.items()
                )
                verb = "create" if change.action == "created" else "update"
                click.echo(
                    f"would {verb} {change.entity} {change.key} (line {change.line}): {fields}"
                )
        for entity, n in by_entity.items():
            if n > listed:
                click.echo(f"... and {n - listed} more {entity} changes")
        click.echo("Dry run: nothing was stored.")
    if report.errors:
        rejected = ", ".join(f"{c.rejected} {e}(s)" for e, c in report.counts.items() if c.rejected)
        click.echo(f"Rejected rows: {rejected or 'none (the file as a whole)'}.", err=True)
    elif report.counts:
        click.echo(report.summary())
    if report.batch_id:
        n = report.batch_id
        click.echo(f"Import batch #{n} (revert with `flask registry revert {n}`).")


def _show(value: object) -> str:
    return "(empty)" if value is None else str(value)
