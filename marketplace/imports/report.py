"""Row errors and the report of an import (or of a dry run): counts per kind of row,
the changes it makes or would make, warnings, and every bad row with its line."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from flask_babel import gettext as _

from marketplace.errors import DomainError
from marketplace.imports.tables import Table, TableError, read_table

# A preview lists this many changed rows per entity; the counts are always complete.
MAX_LISTED_CHANGES = 500
MAX_LISTED_ERRORS = 10_000


@dataclass
class RowError:
    file: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            _("%(file)s line %(line)d", file=self.file, line=self.line) if self.line else self.file
        )
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Change:
    """One row that an import creates or updates: for an update, `changed` maps each
    changed column to (before, after); a created row has its `values` instead (kept
    as they are: building pairs for 100,000 new rows costs time for nothing)."""

    entity: str
    action: str  # created | updated
    key: str
    line: int
    changed: dict[str, tuple[object, object]] | None = None
    values: dict[str, object] | None = None

    @property
    def fields(self) -> dict[str, tuple[object, object]]:
        if self.changed is not None:
            return self.changed
        return {c: (None, v) for c, v in (self.values or {}).items()}

    @property
    def cleared(self) -> list[str]:
        return [
            c for c, (old, new) in (self.changed or {}).items() if new is None and old is not None
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "action": self.action,
            "key": self.key,
            "line": self.line,
            "fields": {c: [_plain(o), _plain(n)] for c, (o, n) in self.fields.items()},
            "cleared": self.cleared,
        }


def _plain(value: object) -> object:
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=dict)  # entity -> counts
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None
    examples: int = 0  # rows left out as the template's example

    def digest(self) -> str:
        """A fingerprint of every change (row, columns, before and after): a preview and
        the commit that follows it must have the same one."""
        h = hashlib.sha256()
        for c in self.changes:
            fields = c.changed if c.changed is not None else c.values
            h.update(
                orjson.dumps(
                    [c.entity, c.action, c.key, fields], default=str, option=orjson.OPT_SORT_KEYS
                )
            )
        return h.hexdigest()

    def count(self, entity: str) -> Counts:
        return self.counts.setdefault(entity, Counts())

    def error(self, file: str, line: int, column: str | None, message: str) -> None:
        self.errors.append(RowError(file, line, column, message))

    def open(
        self, file: tuple[str, bytes], allowed: Sequence[str], required: Sequence[str]
    ) -> Table | None:
        """The file's table, or None with the reason reported (encoding, header...)."""
        try:
            return read_table(file[1], file[0], allowed, required)
        except TableError as exc:
            self.error(exc.file, exc.line, None, exc.message)
            return None

    def skipped(self, table: Table, entity: str) -> None:
        """Report the rows the reader skipped: those it could not read (more values
        than columns) as errors, the template's example row as a warning."""
        for line, message in table.problems:
            self.error(table.name, line, None, message)
            self.count(entity).rejected += 1
        self.examples += len(table.examples)
        self.warnings.extend(
            _(
                "%(file)s line %(line)d: the template's example row, left out "
                "(your own rows go in its place)",
                file=table.name,
                line=line,
            )
            for line in table.examples
        )

    def summary(self) -> str:
        """One line per entity in the CLI's language (English)."""
        return "\n".join(
            _(
                "%(entity)s: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected.",
                entity=entity.replace("_", " ").capitalize() + "s",
                **c.as_dict(),
            )
            for entity, c in self.counts.items()
        )

    def as_dict(self) -> dict[str, Any]:
        """For a job result and the preview page: complete counts, capped lists."""
        per_entity: dict[str, list[dict[str, Any]]] = {}
        for change in self.changes:
            listed = per_entity.setdefault(change.entity, [])
            if len(listed) < MAX_LISTED_CHANGES:
                listed.append(change.as_dict())
        return {
            "counts": {e: c.as_dict() for e, c in self.counts.items()},
            "changes": per_entity,
            "cleared": sum(len(c.cleared) for c in self.changes),
            "warnings": self.warnings[:MAX_LISTED_ERRORS],
            "errors": [e.as_dict() for e in self.errors[:MAX_LISTED_ERRORS]],
            "n_errors": len(self.errors),
            "dry_run": self.dry_run,
            "digest": self.digest(),
            "batch_id": self.batch_id,
            "examples": self.examples,
        }


class PreviewOutdated(DomainError):
    """The stored rows changed between the preview and the commit: nothing was stored;
    `report` is the new preview."""

    status = 409

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            _(
                "The registry changed since the preview was made; nothing was stored. "
                "Check the new preview and confirm again."
            )
        )
        self.report = report


class ImportFailed(DomainError):
    status = 422

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            _(
                "The import was rejected: %(n)d problem(s); nothing was stored.",
                n=len(report.errors),
            )
        )
        self.report = report
