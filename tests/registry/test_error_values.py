"""A refused cell is quoted in its message, so the official sees which value to fix
without going back to the file."""

from __future__ import annotations

import pytest

from marketplace.imports.report import ImportFailed
from marketplace.registry import services
from tests.factories import valid_tax_code

TAX = valid_tax_code(914)


def test_each_refused_cell_is_quoted(session):
    suppliers = (
        "tax_code,name,province,ownership,website\n"
        f"{TAX},Công ty A,Hà Nội,trong nước,not a url\n"
        "=0109876518,Công ty B,Hà Nội,domestic,\n"
    )
    products = (
        "supplier_tax_code,sku,name,category,origin,local_content_pct,hs_code\n"
        f"{TAX},MB/200,Máy ép bùn,WW,VN,120,8421\n"
    )
    with pytest.raises(ImportFailed) as failed:
        services.import_registry(
            session, ("s.csv", suppliers.encode()), ("p.csv", products.encode())
        )
    problems = {(e.line, e.column): e.message for e in failed.value.report.errors}
    assert problems[(2, "ownership")].endswith("(got trong nước)")
    assert problems[(2, "website")].endswith("(got not a url)")
    assert problems[(3, "tax_code")].endswith("(got =0109876518)")
    assert problems[(2, "sku")].endswith("(got MB/200)")
    assert problems[(2, "local_content_pct")] == "must be between 0 and 100 (got 120)"
    assert problems[(2, "hs_code")] == "must have 6 or 8 digits (got 8421)"
