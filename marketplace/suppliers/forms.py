from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.i18n import labels
from marketplace.i18n.forms import Form
from marketplace.suppliers.geography import province_names
from marketplace.suppliers.models import Ownership


class SupplierForm(Form):
    tax_code = StringField(
        _l("Tax code (MST)"),
        validators=[DataRequired(), Length(max=14)],
        description=_l("10 digits, or 10-3 digits for a branch"),
    )
    name = StringField(
        _l("Registered name (Vietnamese)"), validators=[DataRequired(), Length(max=300)]
    )
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=300)])
    ownership = SelectField(_l("Ownership"), choices=labels.choices(Ownership))
    province = SelectField(_l("Province / city"), default="Hà Nội")
    commune = StringField(
        _l("Commune / ward"),
        validators=[Optional(), Length(max=100)],
        description=_l("After the 2025 reform, e.g. Phường Cầu Giấy"),
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=500)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    email = StringField(_l("Contact e-mail"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)])
    founded_year = IntegerField(
        _l("Founded (year)"), validators=[Optional(), NumberRange(1900, 2100)]
    )
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(0, 1_000_000)])
    description = TextAreaField(
        _l("Description (Vietnamese)"), validators=[Optional(), Length(max=10000)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=10000)]
    )
    certifications = StringField(
        _l("Certifications"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by ;, e.g. ISO 9001;ISO 14001"),
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.province.choices = [(p, p) for p in province_names()]

    def raw_values(self) -> dict[str, str]:
        """Field values as the import strings the supplier service cleans."""
        return {
            name: "" if f.data is None else str(f.data)
            for name, f in self._fields.items()
            if name != "csrf_token"
        }
