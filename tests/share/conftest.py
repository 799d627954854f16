"""A small registry and supply-records file whose figures are computed by hand in
tests/share/test_measure.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.imports.report import ImportReport
from marketplace.share.imports import import_supply_records
from tests import factories

HEADER = (
    "record_id,year,category,value_vnd,origin,local_content_pct,supplier_tax_code,sku,buyer,source"
)


def csv_file(
    *rows: str, header: str = HEADER, name: str = "supply_records.csv"
) -> tuple[str, bytes]:
    return name, ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def official(session: Session) -> User:
    return factories.make_user(session, Role.OFFICIAL, email="can.bo@sct.hanoi.gov.vn")


@pytest.fixture
def registry(session: Session) -> dict[str, object]:
    """Supplier S1 with P1 (WW-SLU, 60%), P2 (AIR, none declared), P3 (MON, DE, 10%)."""
    s1 = factories.make_supplier(session, tax_code=factories.valid_tax_code(4242))
    p1 = factories.make_product(session, s1, sku="P1", local_content_pct=60)
    p2 = factories.make_product(session, s1, sku="P2", category_code="AIR", local_content_pct=None)
    p3 = factories.make_product(
        session, s1, sku="P3", category_code="MON", origin="DE", local_content_pct=10
    )
    return {"s1": s1, "tax": s1.tax_code, "p1": p1, "p2": p2, "p3": p3}


@pytest.fixture
def load(session: Session) -> Callable[..., ImportReport]:
    def _load(*rows: str, header: str = HEADER, actor: User | None = None) -> ImportReport:
        return import_supply_records(session, csv_file(*rows, header=header), actor=actor)

    return _load


def fixture_rows(tax: str) -> list[str]:
    """2025: WW (incl. subcategories), AIR and MON; 2026: one WW record; 2024: none."""
    return [
        'W1,2025,WW,1.000.000.000,VN,"55,5",,,UBND phường Hoàn Kiếm,procurement',
        f"W2,2025,WW-SLU,333333333,VN,,{tax},P1,,installation",
        "W3,2025,WW-AER,500000001,CN,12.25,,,,survey",
        "W4,2025,WW,250000000,vn,,,,,",
        f"A1,2025,AIR,700000000,VN,,{tax},p2,,procurement",
        "A2,2025,AIR,300000000,VN,20,,,,procurement",
        "A3,2025,AIR-BAG,1000000000,JP,,,,,procurement",
        f"M1,2025,MON,400000000,DE,,{tax},P3,,marketplace",
        "M2,2025,MON,100000000,VN,0,,,,",
        "N1,2026,WW,100000000,VN,,,,,",
    ]
