"""Percentages are read once per distinct text and made once per stored value: a
cell read again gives the same number, a refused cell is refused every time, and
the cache never grows past its bound."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.db import Percent
from marketplace.imports import numbers


def test_a_percentage_read_again_is_the_same_and_a_bad_one_is_refused_again(app):
    with app.test_request_context():
        for text, value in (("7,5", "7.5"), ("50%", "50"), (" 33.33 ", "33.33"), ("0", "0")):
            assert numbers.parse_percent(text) == Decimal(value)
            assert str(numbers.parse_percent(text)) == value
        for bad in ("7.555", "101", "abc"):
            for _ in range(2):
                with pytest.raises(ValueError):
                    numbers.parse_percent(bad)


def test_the_cache_of_texts_stays_bounded(app, monkeypatch):
    monkeypatch.setattr(numbers, "_PERCENTS", {})
    monkeypatch.setattr(numbers, "_PERCENTS_KEPT", 5)
    with app.test_request_context():
        got = [numbers.parse_percent(f"{i}.5") for i in range(20)]
    assert got == [Decimal(f"{i}.5") for i in range(20)]
    assert len(numbers._PERCENTS) == 5


def test_stored_basis_points_read_back_exactly():
    percent = Percent()
    for bp, shown in ((750, "7.5"), (5000, "50"), (725, "7.25"), (1, "0.01"), (10000, "100")):
        for _ in range(2):
            assert str(percent.process_result_value(bp, None)) == shown  # type: ignore[arg-type]
    assert percent.process_result_value(None, None) is None  # type: ignore[arg-type]
