"""The SVG charts: well-formed, accessible (name, description in words), the band
drawn, gaps left as gaps, every text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel

from marketplace.share import charts
from marketplace.share.measure import Figure
from marketplace.share.targets import Band

SVG = "{http://www.w3.org/2000/svg}"
WW = Band(Decimal(70), Decimal(80), 2021)
MON = Band(Decimal(20), None, 2021)
HOSTILE = '<script>alert("x")</script> & “WW”'


def _history(shares: dict[int, float | None], band: Band | None = WW) -> dict[int, Figure]:
    """Figures of 20 records (enough) with the given shares in percent (None: no data)."""
    return {
        year: Figure("WW", year, "origin", 0, 0, 0, band)
        if pct is None
        else Figure("WW", year, "origin", 20, 10000, round(pct * 100), band)
        for year, pct in shares.items()
    }


@pytest.fixture
def ctx():  # type: ignore[no-untyped-def]
    """English text and number formats; the charts need no database."""
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: "en")
    with app.test_request_context("/"):
        yield


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own markup


def _rects(root: ET.Element, fill: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("fill") == fill]


def _share_lines(root: ET.Element) -> list[ET.Element]:
    """The line's segments (the legend's sample sits below the plot)."""
    return [
        ln
        for ln in root.iter(f"{SVG}line")
        if ln.get("stroke") == charts.LINE and float(ln.get("y1", 0)) < 250
    ]


def test_trend_chart_is_an_accessible_image_with_the_band(ctx):
    svg = charts.trend_chart(
        _history({2024: 62.0, 2025: 65.3, 2026: 71.25}), title="WW by year", chart_id="t1"
    )
    root = _tree(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "WW by year"
    assert root.find(f"{SVG}title").text == "WW by year"
    assert root.get("aria-describedby") == "t1-desc"
    desc = root.find(f"{SVG}desc").text
    assert desc == "2024: 62.0%; 2025: 65.3%; 2026: 71.3%. Target band: 70–80%."
    (band,) = _rects(root, charts.BAND_FILL)[:1]
    # plot from y=16 (100%) to y=236 (0%): 80% at 60, 70% at 82
    assert (float(band.get("y")), float(band.get("height"))) == (60.0, 22.0)
    assert len(_share_lines(root)) == 2
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"0%", "100%", "2024", "62.0%", "Target band 70–80%"} <= set(texts)


def test_years_without_data_are_gaps(ctx):
    shares = {2024: 50, 2025: None, 2026: 60, 2027: 61, 2028: None, 2029: None, 2030: None}
    svg = charts.trend_chart(_history(shares), title="t", chart_id="t")
    root = _tree(svg)
    assert len(_share_lines(root)) == 1  # 2026–2027 only
    assert len([c for c in root.iter(f"{SVG}circle") if float(c.get("cy")) < 250]) == 3
    assert "2025: no data" in root.find(f"{SVG}desc").text
    assert "2030" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_minimum_only_band_is_shaded_to_100_with_a_dashed_bound(ctx):
    root = _tree(charts.trend_chart(_history({2025: 30}, MON), title="MON", chart_id="m"))
    band = _rects(root, charts.BAND_FILL)[0]
    assert float(band.get("y")) == 16.0  # 100%
    dashed = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
    assert dashed and float(dashed[0].get("y1")) == 16 + 220 * 0.8  # 20%
    assert "Target band: ≥ 20%." in root.find(f"{SVG}desc").text


def test_each_year_uses_its_figures_band_and_thin_years_are_hollow(ctx):
    later = Band(Decimal(85), Decimal(90), 2026)
    history = {
        2025: Figure("WW", 2025, "origin", 25, 100, 72, WW),
        2026: Figure("WW", 2026, "origin", 3, 100, 88, later),
    }
    root = _tree(charts.trend_chart(history, title="t", chart_id="t"))
    assert len(_rects(root, charts.BAND_FILL)) == 2 + 1  # two years' bands and the legend
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert len(hollow) == 2  # 2026 and the legend's sample
    desc = root.find(f"{SVG}desc").text
    assert "2025: 72.0%; 2026: 88.0% (too little data)" in desc
    assert "70–80%, 85–90%" in desc


def test_titles_and_labels_are_escaped(ctx):
    svg = charts.trend_chart(_history({2025: 50}), title=HOSTILE, chart_id='x" onload="y')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = _tree(svg)
    assert root.get("aria-label") == HOSTILE and root.get("onload") is None
    rows = [charts.BarRow(HOSTILE, Decimal(50), WW, "Below <b>")]
    svg = charts.bands_chart(rows, title=HOSTILE, chart_id="b")
    assert "<script>" not in svg and "<b>" not in svg
    assert HOSTILE in [t.text for t in _tree(svg).iter(f"{SVG}text")]


def test_bands_chart_draws_each_band_and_writes_what_is_missing(ctx):
    rows = [
        charts.BarRow("WW · Wastewater", Decimal("61.5"), WW, "Below the band"),
        charts.BarRow(
            "MON · Monitoring",
            Decimal("66.7"),
            MON,
            "At or above the minimum",
            True,
            "Too little data: 3 of the 20 records needed",
        ),
        charts.BarRow("AIR · Exhaust gas", None, WW, ""),
        charts.BarRow("WTE · Waste to energy", None, None, ""),
        charts.BarRow("SVC · Services", Decimal(100), None, ""),
    ]
    root = _tree(charts.bands_chart(rows, title="All categories, 2025", chart_id="b"))
    assert root.get("role") == "img" and root.get("aria-label") == "All categories, 2025"
    assert len(_rects(root, charts.BAND_FILL)) == 3  # WW, MON, AIR
    bars = _rects(root, charts.LINE) + _rects(root, charts.THIN)
    assert len(bars) == 3  # no bar without data
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("No data") == 2
    assert "Below the band · 70–80%" in texts and "no target" in texts
    assert "Too little data: 3 of the 20 records needed" in texts
    desc = root.find(f"{SVG}desc").text
    assert "WW · Wastewater: 61.5%, 70–80% — Below the band." in desc
    assert "WTE · Waste to energy: no data, no target." in desc
    assert "MON · Monitoring: 66.7%, ≥ 20% — At or above the minimum — Too little data" in desc
