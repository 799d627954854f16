"""Whatever sequence of imports, edits, deletions, product changes and reverts, the
figures equal a plain recomputation from the records and the aggregates equal a
GROUP BY over them."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from marketplace.categories.models import Category
from marketplace.imports import batches
from marketplace.products.models import Product
from marketplace.share import cells, services
from marketplace.share.models import SupplyRecord
from tests import factories
from tests.share.conftest import csv_file

CATEGORIES = ["WW", "WW-SLU", "AIR", "AIR-BAG", "MON", "COL"]
ORIGINS = ["VN", "VN", "VN", "CN", "DE", "JP"]


def _reference(session, year: int, method: str) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Figures computed the slow, obvious way from the records themselves."""
    parent = {c.code: c.parent_code or c.code for c in session.scalars(select(Category))}
    out: dict[str, list[Decimal]] = {}
    for r in session.scalars(select(SupplyRecord).where(SupplyRecord.year == year)):
        product = session.get(Product, r.product_id) if r.product_id else None
        pct = r.local_content_pct
        if pct is None and product is not None:
            pct = product.local_content_pct
        if pct is None:
            pct = Decimal(100 if r.origin == "VN" else 0)
        if method == "origin":
            dom = Decimal(r.value_vnd if r.origin == "VN" else 0)
        elif method == "threshold":
            dom = Decimal(r.value_vnd if r.origin == "VN" and pct >= 30 else 0)
        else:
            dom = Decimal(r.value_vnd) * pct / 100
        acc = out.setdefault(parent[r.category_code], [Decimal(0), Decimal(0)])
        acc[0] += dom
        acc[1] += r.value_vnd
    return {k: (int(d.to_integral_value(ROUND_HALF_UP)), int(t)) for k, (d, t) in out.items()}


def _api(client, year: int, method: str) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/share?year={year}&method={method}").get_json()
    return {
        c["code"]: (c["domestic_value_vnd"], c["total_value_vnd"])
        for c in body["categories"]
        if c["total_value_vnd"]
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_random_histories_keep_figures_and_aggregates_exact(client, session, official, seed):
    rnd = random.Random(seed)
    sup = factories.make_supplier(session, tax_code=factories.valid_tax_code(9000 + seed))
    products = [
        factories.make_product(
            session,
            sup,
            sku=f"K{i}",
            local_content_pct=rnd.choice([None, 0, Decimal("12.5"), 30, Decimal("64.25"), 100]),
        )
        for i in range(4)
    ]
    from marketplace.share.imports import import_supply_records

    def row(rid: str) -> str:
        linked = rnd.random() < 0.4
        pct = rnd.choice(["", "", "0", "29.99", "30", '"45,5"', "100"])
        return ",".join(
            [
                rid,
                str(rnd.choice([2025, 2026])),
                rnd.choice(CATEGORIES),
                str(rnd.randrange(1, 10**7) * 1000 + rnd.choice([0, 1, 333])),
                rnd.choice(ORIGINS),
                pct,
                sup.tax_code if linked else "",
                rnd.choice(products).sku if linked else "",
                "",
                "",
            ]
        )

    batch_ids = []
    for step in range(12):
        action = rnd.choice(["import", "import", "edit", "delete", "product", "revert"])
        ids = list(session.scalars(select(SupplyRecord.id)))
        if action == "import" or not ids:
            rows = [row(f"R{rnd.randrange(60)}") for _ in range(rnd.randrange(5, 30))]
            unique = {r.split(",")[0]: r for r in rows}
            report = import_supply_records(session, csv_file(*unique.values()), actor=official)
            batch_ids.append(report.batch_id)
        elif action == "edit":
            pk = rnd.choice(ids)
            fields = services.record_fields(session, pk)
            raw = {k: "" if v is None else str(v) for k, v in fields.items()}
            raw["category"] = raw.pop("category_code")
            raw["value_vnd"] = str(rnd.randrange(1, 10**6) * 1000)
            raw["origin"] = rnd.choice(ORIGINS)
            raw["local_content_pct"] = rnd.choice(["", "55"])
            services.update_record(session, official, pk, raw)
        elif action == "delete":
            services.delete_record(session, official, rnd.choice(ids))
        elif action == "product":
            p = rnd.choice(products)
            p.local_content_pct = rnd.choice([None, Decimal("29.99"), Decimal(80)])
            session.commit()
        elif batch_ids:
            try:
                batches.revert_batch(session, None, batch_ids.pop())
            except batches.RevertRefused:
                session.rollback()
        assert cells.differences(session) == [], f"step {step}: {action}"
    for year in (2025, 2026):
        for method in ("origin", "local_content", "threshold"):
            assert _api(client, year, method) == _reference(session, year, method), (year, method)
