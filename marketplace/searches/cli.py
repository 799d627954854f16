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

search_cli = AppGroup("search", help="Search index maintenance.")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index from the database."""
    with new_session() as session:
        total = documents.count_searchable(session)
        with click.progressbar(length=max(total, 1), label="Indexing", file=sys.stderr) as bar:
            n = services.reindex(session, get_backend(), progress=bar.update)
    click.echo(f"Indexed {n} documents (products and suppliers).")


@search_cli.command("check")
def check() -> None:
    """Report drift between the database and the index (exit 1 when they differ)."""
    with new_session() as session:
        missing, stale = services.check(session, get_backend())
    click.echo(f"missing from index: {len(missing)}; stale in index: {len(stale)}")
    for doc_id in sorted(missing)[:20]:
        click.echo(f"  missing {doc_id}")
    for doc_id in sorted(stale)[:20]:
        click.echo(f"  stale {doc_id}")
    if missing or stale:
        raise SystemExit(1)


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
