from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField

_ALLOWED = FileAllowed(["csv", "xlsx"], _l("Only .csv and .xlsx files can be imported."))


class RegistryUploadForm(FlaskForm):
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


class SupplyRecordsUploadForm(FlaskForm):
    records = FileField(
        _l("Supply records file"),
        validators=[_ALLOWED],
        description=_l("supply_records.csv or .xlsx; key: record_id"),
    )


class ConfirmForm(FlaskForm):
    """A POST with only the CSRF token: confirm, cancel, revert."""
