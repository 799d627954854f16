"""The problems of a checked upload as a CSV download, for a spreadsheet in the
report's language."""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from marketplace.imports.models import ImportUpload
from marketplace.imports.tables import safe_cell

# The list separator of spreadsheets set up for each language: Vietnamese Excel
# splits a CSV's columns at semicolons (its decimal mark is the comma), and opens a
# comma-separated file as one column. The importer reads either.
SEPARATORS = {"vi": ";", "en": ","}


def errors_csv(upload: ImportUpload) -> tuple[bytes, str]:
    """Every reported error as CSV (file, line, column, message), for a spreadsheet
    in the report's language (its headings, and its list separator: SEPARATORS),
    and the file's name."""
    out = io.StringIO()
    report = upload.report or {}
    locale = report.get("locale") or str(get_locale())
    writer = csv.writer(out, delimiter=SEPARATORS.get(locale[:2], ","))
    errors = report.get("errors", [])
    with force_locale(locale):
        writer.writerow([_("file"), _("line"), _("column"), _("problem")])
        # The report keeps a capped list (imports.report.MAX_LISTED_ERRORS): say so
        # rather than let the file pass for every problem.
        more = int(report.get("n_errors", len(errors))) - len(errors)
        last = _("%(n)d more problems are not listed: fix these and check the file again.", n=more)
    for e in errors:
        # Messages quote the cells they refuse: never a live formula in a spreadsheet.
        writer.writerow(
            [safe_cell(e["file"]), e["line"] or "", e["column"] or "", safe_cell(e["message"])]
        )
    if more > 0:
        writer.writerow(["", "", "", last])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), f"errors-{upload.id[:8]}.csv"
