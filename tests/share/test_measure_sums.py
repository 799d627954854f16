"""The sums behind every figure are made per (year, category) in SQL; they equal the
per-content-value sums made in Python, also where SQLite's integers would overflow."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from marketplace.demo import generator
from marketplace.imports.report import ImportReport
from marketplace.share import measure, sums


def test_sql_sums_equal_python_sums_on_the_demo_data(session: Session) -> None:
    generator.load(session, n_suppliers=12)
    for threshold in (Decimal(30), Decimal("42.5")):
        for year in (None, 2025):
            fast = sums.cell_sums(session, threshold, year)
            slow = sums._cell_sums_by_content(session, threshold, year)
            assert fast == dict(slow)


def test_huge_values_are_summed_exactly(
    session: Session, load: Callable[..., ImportReport]
) -> None:
    big = 999_999_999_999_999
    load(
        f"H1,2025,WW,{big},VN,33.33,,,,",
        f"H2,2025,WW,{big},VN,,,,,",
        f"H3,2025,WW,{big - 2},DE,7.77,,,,",
        "H4,2025,AIR,1000,VN,,,,,",
    )
    figures = {f.code: f for f in measure.api_figures(session, 2025, "local_content")}
    weighted = big * 3333 + big * 10000 + (big - 2) * 777
    assert figures["WW"].total_vnd == 3 * big - 2
    assert figures["WW"].domestic_vnd == (weighted + 5000) // 10000  # half up, once
    assert figures["AIR"].domestic_vnd == 1000
    origin = {f.code: f for f in measure.api_figures(session, 2025, "origin")}
    assert origin["WW"].domestic_vnd == 2 * big
