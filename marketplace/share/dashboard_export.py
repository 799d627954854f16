"""The dashboard table as a file: the same rounded numbers as on screen (from
share/display.py), one row per category followed by its subcategories, headers in
the reader's language. Written through the import toolkit's formula-safe writers."""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _

from marketplace.imports.tables import write_csv, write_xlsx
from marketplace.share.display import Line, Row, method_text, sources_text
from marketplace.share.measure import Dashboard
from marketplace.share.targets import PLAN_END


def columns() -> list[str]:
    return [
        _("Year"),
        _("Method"),
        _("Category code"),
        _("Parent category"),
        _("Category"),
        _("Share (%)"),
        _("Domestic value (VND)"),
        _("Total value (VND)"),
        _("Records"),
        _("Too little data"),
        _("Band"),
        _("Band in force since"),
        _("Status"),
        _("Gap to the lower bound (points)"),
        _("Extra domestic value needed (VND)"),
        _("Value linked to registered suppliers or products (%)"),
        _("Value linked to registered products (%)"),
        _("Sources (part of the value)"),
        _("Trend from"),
        _("Trend to"),
        _("Change per year so far (points)"),
        _("Needed per year to %(end)d (points)", end=PLAN_END),
        _("Trajectory"),
    ]


def table(board: Dashboard, rows: Sequence[Row]) -> list[list[object]]:
    """The rows of the file, in the order of the screen."""
    method = method_text(board.method, board.threshold)
    out: list[list[object]] = []
    for r in rows:
        t = r.trend
        out.append(
            [
                *_figures(board.year, method, r.line, ""),
                r.linked_pct,
                r.product_pct,
                sources_text(r.sources),
                t.first_year,
                t.last_year,
                t.so_far_pp,
                t.needed_pp,
                t.text,
            ]
        )
        for sub in [*r.subcategories, *([r.own] if r.own else [])]:
            out.append([*_figures(board.year, method, sub, r.code), *[None] * 8])
    return out


def _figures(year: int, method: str, line: Line, parent: str) -> list[object]:
    return [
        year,
        method,
        line.code,
        parent,
        line.name,
        line.share,
        line.domestic_vnd,
        line.total_vnd,
        line.records,
        _("yes") if line.thin else "",
        line.band,
        line.band_since,
        line.status_text,
        line.gap_pp,
        line.needed_vnd,
    ]


def csv_bytes(board: Dashboard, rows: Sequence[Row]) -> bytes:
    """UTF-8 with a BOM, which Excel opens correctly."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, columns(), table(board, rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(board: Dashboard, rows: Sequence[Row]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, columns(), table(board, rows))
    return buffer.getvalue()
