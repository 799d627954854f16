from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.db import new_session, utcnow
from marketplace.indexing import indexer
from marketplace.indexing.models import INTERACTIVE
from marketplace.search_sync import get_backend
from marketplace.searches import documents, services
from search.base import Drift

search_cli = AppGroup("search", help="Search index maintenance.")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index from the database."""
    with new_session() as session:
        total = documents.count_searchable(session)
        with click.progressbar(length=max(total, 1), label="Indexing", file=sys.stderr) as bar:
            n = services.reindex(
                session,
                get_backend(),
                progress=bar.update,
                on_wait=lambda: click.echo(
                    "Another process is rebuilding the search index: waiting for it to finish.",
                    err=True,
                ),
            )
    if n is None:
        click.echo("The search index was rebuilt by the other process.")
    else:
        click.echo(f"Indexed {n} documents (products and suppliers).")


@search_cli.command("check")
@click.option(
    "--repair",
    is_flag=True,
    help="Mend the drift found without a rebuild: write missing and stale documents, "
    "delete extra ones, recompute statistics.",
)
def check(repair: bool) -> None:
    """Report drift between the database and the index: missing, extra and stale
    documents, stale statistics (exit 1 when they differ, after --repair when drift
    is left)."""
    with new_session() as session:
        found, left = services.check(session, get_backend(), repair=repair)
    _report(found)
    if left is not None and not found.clean:
        click.echo("Repaired without a rebuild. Checked again:")
        _report(left)
    if not (left if left is not None else found).clean:
        raise SystemExit(1)


def _report(drift: Drift, shown: int = 20) -> None:
    if drift.clean:
        click.echo("The index is in step with the database.")
        return
    click.echo(
        f"missing from index: {len(drift.missing)}; extra in index: {len(drift.extra)}; "
        f"stale in index: {len(drift.stale)}; stale statistics: {len(drift.statistics)}"
    )
    for label, ids in (("missing", drift.missing), ("extra", drift.extra), ("stale", drift.stale)):
        for doc_id in sorted(ids)[:shown]:
            click.echo(f"  {label} {doc_id}")
        if len(ids) > shown:
            click.echo(f"  ... and {len(ids) - shown} more {label}")
    for line in drift.statistics:
        click.echo(f"  statistics: {line}")


@search_cli.command("drain")
def drain() -> None:
    """Apply the queued index changes now (waits for a running indexer)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    total = indexer.pending(app.extensions["db_engine"])
    with click.progressbar(length=max(total, 1), label="Indexing", file=sys.stderr) as bar:
        n = indexer.drain(app, progress=bar.update)
    click.echo(f"Sent {n} documents to the index.")


@search_cli.command("status")
def status() -> None:
    """How many index changes are queued, by priority, and the oldest one's age."""
    queues = indexer.status(current_app.extensions["db_engine"])
    if not queues:
        click.echo("Index queue: empty.")
        return
    now = utcnow()
    for q in queues:
        name = "interactive" if q.priority == INTERACTIVE else "bulk"
        age = (now - q.oldest).total_seconds() if q.oldest else 0.0
        click.echo(f"{name}: {q.rows} queued, oldest {age:.0f} s ago")
