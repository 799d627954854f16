"""On PostgreSQL, imports, reverts and supply-record edits wait for each other: each
reads stored rows and then writes (and moves the aggregates by the old values), so
two at once would work from stale values."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from marketplace.db import new_session
from marketplace.imports import batches
from marketplace.imports.bulk import serialize_writers
from marketplace.share import services
from marketplace.share.models import SupplyRecord
from tests.share.conftest import fixture_rows


@pytest.fixture
def other_writer(app, session, database_url):  # type: ignore[no-untyped-def]
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time by itself")
    holder = new_session(app)
    serialize_writers(holder)  # another import or edit is writing
    yield
    holder.rollback()
    holder.close()


def _give_up_quickly(session) -> None:  # type: ignore[no-untyped-def]
    session.execute(text("SET lock_timeout = '200ms'"))


@pytest.fixture
def record_pk(session, registry, load):  # type: ignore[no-untyped-def]
    load(*fixture_rows(registry["tax"]))
    return session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W1"))


def test_edits_and_reverts_wait_for_another_writer(session, official, record_pk, load, request):
    report = load("W9,2025,WW,1000,VN,,,,,")
    request.getfixturevalue("other_writer")
    _give_up_quickly(session)
    with pytest.raises(OperationalError, match="lock timeout"):
        services.delete_record(session, official, record_pk)
    session.rollback()
    _give_up_quickly(session)
    with pytest.raises(OperationalError, match="lock timeout"):
        batches.revert_batch(session, official, report.batch_id)
    session.rollback()
    _give_up_quickly(session)
    with pytest.raises(OperationalError, match="lock timeout"):
        load("W1,2025,WW,5,VN,,,,,")
