"""Job kinds the tests run (declared once per process, like a feature's jobs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.errors import Forbidden, InvalidInput
from marketplace.jobs.progress import Progress
from marketplace.jobs.services import job
from marketplace.suppliers.models import Ownership, Supplier

# Callbacks a test hands to a running job, by name (job arguments must be picklable).
OBSERVERS: dict[str, Callable[[str, str], None]] = {}


def add_supplier(session: Session, tax_code: str) -> None:
    session.add(
        Supplier(
            tax_code=tax_code,
            name="Công ty Thử nghiệm Hàng đợi",
            ownership=Ownership.DOMESTIC,
            province="Hà Nội",
        )
    )
    session.flush()


@job("tests.count")
def count(session: Session, progress: Progress, n: int) -> dict[str, Any]:
    progress.stage("Counting")
    progress.set_total(n, unit="rows")
    for _i in range(n):
        progress.advance()
    return {"counted": n, "url": "/suppliers/"}


@job("tests.observe")
def observe(session: Session, progress: Progress, tax_code: str, observer: str) -> dict[str, Any]:
    progress.stage("Validating")
    progress.set_total(100_000, unit="rows")
    progress.advance(12_000)
    OBSERVERS[observer]("before writing", progress.job_id)
    progress.stage("Writing")
    add_supplier(session, tax_code)
    progress.advance(40_000)
    OBSERVERS[observer]("while writing", progress.job_id)
    return {"tax_code": tax_code}


@job("tests.write_then_fail")
def write_then_fail(
    session: Session, progress: Progress, tax_code: str, how: str
) -> dict[str, Any]:
    progress.stage("Writing")
    add_supplier(session, tax_code)
    if how == "domain":
        raise InvalidInput("Line 3, column price_vnd: 7.5 is not a whole number of VND")
    if how == "translated":
        raise Forbidden(_("Only officials can do this."))
    raise RuntimeError("disk on fire")


@job("tests.write")
def write(session: Session, progress: Progress, tax_code: str) -> dict[str, Any]:
    progress.stage("Writing", total=1)
    add_supplier(session, tax_code)
    progress.advance()
    return {"tax_code": tax_code}


@job("tests.block")
def block(session: Session, progress: Progress, tax_code: str, marker: str) -> dict[str, Any]:
    """Reports progress, writes a row, signals `marker`, then waits (to be killed)."""
    progress.stage("Writing")
    progress.set_total(10, unit="rows")
    progress.advance(3)
    progress.flush(force=True)
    add_supplier(session, tax_code)
    Path(marker).write_text("written")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Path(marker + ".go").exists():
        time.sleep(0.05)
    return {"tax_code": tax_code}
