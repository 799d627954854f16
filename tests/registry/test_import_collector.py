"""Imports run with Python's cyclic garbage collector paused (it cost a quarter of a
100,000-product import) and give it back when they end, however they end, and only
when the last of several running imports ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from marketplace.imports.flow import collector_paused
from marketplace.imports.report import ImportFailed
from marketplace.registry import services
from marketplace.share.imports import import_supply_records
from tests.factories import valid_tax_code
from tests.share.conftest import csv_file

TAX = valid_tax_code(812)
SUPPLIERS = (
    "s.csv",
    f"tax_code,name,province,ownership\n{TAX},Công ty Sóc Sơn,Hà Nội,domestic\n".encode(),
)


class Stages:
    """A Progress noting whether the collector ran at each stage of an import."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def set_total(self, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stage(self, label: str) -> None:
        self.seen.append((label, gc.isenabled()))


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on for the test, and as it was afterwards (a test that leaves it
    off would leave it off for every later test of its worker process)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_registry_import_pauses_the_collector_and_resumes_it(session, collector):
    stages = Stages()
    report = services.import_registry(session, SUPPLIERS, progress=stages)
    assert report.count("supplier").created == 1
    assert [s for s, _ in stages.seen] == ["Validating", "Writing"]
    assert not any(on for _, on in stages.seen)
    assert gc.isenabled()


def test_a_failed_import_resumes_it_too(session, collector):
    stages = Stages()
    bad = ("s.csv", b"tax_code,name,province,ownership\n123,X,H\xc3\xa0 N\xe1\xbb\x99i,domestic\n")
    with pytest.raises(ImportFailed):
        services.import_registry(session, bad, progress=stages)
    assert stages.seen == [("Validating", False)]
    assert gc.isenabled()


def test_a_supply_records_import_pauses_it(session, collector):
    stages = Stages()
    with pytest.raises(ImportFailed):  # no such category: checked with the collector paused
        import_supply_records(session, csv_file("R1,2025,XYZ,1000000,VN,,,,,"), progress=stages)
    assert stages.seen == [("Validating", False)]
    assert gc.isenabled()


def test_a_collector_off_before_stays_off(session, collector):
    gc.disable()
    services.import_registry(session, SUPPLIERS)
    assert not gc.isenabled()


def test_it_resumes_when_the_last_of_two_running_imports_ends(collector):
    inside, release = threading.Event(), threading.Event()

    @collector_paused
    def long_import() -> None:
        inside.set()
        release.wait(10)

    other = threading.Thread(target=long_import)
    other.start()
    assert inside.wait(10)
    collector_paused(lambda: None)()  # a short import ends while the long one runs
    assert not gc.isenabled()
    release.set()
    other.join(10)
    assert gc.isenabled()
