"""Words and number formats of the officials' record and target pages, in the
page's language (template helpers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from marketplace.accounts.people import actor_label
from marketplace.main.templating import column_value, format_number
from marketplace.share.display import source_text
from marketplace.share.record_pages import Basis, RecordRow
from marketplace.share.services import HistoryEntry


def pct(value: Decimal | int | float | None) -> str:
    """A percentage with one decimal, or two when the value has them (7.25 stays 7.25,
    as stored and exported)."""
    if value is None:
        return "—"
    return f"{format_number(value, pattern='#,##0.0#')}%"


def lc_text(row: RecordRow) -> str:
    """The local content a record counts with, saying where it comes from."""
    if row.basis == Basis.PRODUCT:
        return _("product: %(pct)s", pct=pct(row.local_content))
    if row.basis == Basis.ASSUMED:
        return _("assumed: %(pct)s", pct=pct(row.local_content))
    return pct(row.local_content)


def action_label(action: str) -> str:
    return {
        "created": _("added in the form"),
        "awarded": _("added by an award on this site"),
        "updated": _("corrected in the form"),
        "deleted": _("deleted"),
        "imported": _("added by an import"),
        "import-updated": _("updated by an import"),
        "import-reverted": _("import reverted"),
    }.get(action, action)


def column_label(column: str) -> str:
    """Attributes under the import's column names, as officials know them."""
    return "category" if column == "category_code" else column


def history_value(column: str, value: object) -> str:
    """A value as the history shows it: the source in words, others as every import
    page writes them (main.templating.column_value)."""
    if column == "source" and value:
        return source_text(str(value))
    return column_value(column, value)


def visible_changes(entry: HistoryEntry) -> list[tuple[str, Any, Any]]:
    """The fields an entry changed (a new record's empty fields are left out)."""
    return [(c, b, a) for c, b, a in entry.changes if b not in (None, "") or a not in (None, "")]


LABELS: dict[str, object] = {
    "pct": pct,
    "lc_text": lc_text,
    "source_label": source_text,
    "action_label": action_label,
    "column_label": column_label,
    "actor_label": actor_label,
    "history_value": history_value,
    "visible_changes": visible_changes,
}
