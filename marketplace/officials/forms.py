from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField

from marketplace.i18n.forms import Form

_ALLOWED = FileAllowed(["csv", "xlsx"], _l("Only .csv and .xlsx files can be imported."))


class RegistryUploadForm(Form):
    suppliers = FileField(
        _l("Suppliers file"),
        validators=[_ALLOWED],
        description=_l("suppliers.csv or .xlsx; key: tax_code"),
    )
    products = FileField(
        _l("Products file"),
        validators=[_ALLOWED],
        description=_l("products.csv or .xlsx; key: supplier_tax_code + sku"),
    )


class SupplyRecordsUploadForm(Form):
    records = FileField(
        _l("Supply records file"),
        validators=[_ALLOWED],
        description=_l("supply_records.csv or .xlsx; key: record_id"),
    )


class ConfirmForm(Form):
    """A POST with only the CSRF token: confirm, cancel, revert."""
