from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.i18n.forms import Form


class ProductForm(Form):
    sku = StringField(_l("Product code (SKU)"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=300)])
    category = SelectField(_l("Category"), validators=[DataRequired()])
    origin = SelectField(_l("Country of manufacture"), default="VN")
    local_content_pct = DecimalField(
        _l("Local content (%)"),
        places=2,
        validators=[Optional(), NumberRange(0, 100)],
        description=_l("Share of the product's value produced in Vietnam"),
    )
    hs_code = StringField(
        _l("HS code"), validators=[Optional(), Length(max=10)], description=_l("6 or 8 digits")
    )
    price_vnd = IntegerField(
        _l("Indicative price (VND)"), validators=[Optional(), NumberRange(0, 10**15)]
    )
    certifications = StringField(
        _l("Certifications"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by ;, e.g. CE;ISO 9001"),
    )
    specs = TextAreaField(
        _l("Specifications"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One per line, as key: value (e.g. capacity: 50 m3/day)"),
    )
    description = TextAreaField(
        _l("Description (Vietnamese)"), validators=[Optional(), Length(max=10000)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=10000)]
    )

    def raw_values(self) -> dict[str, str]:
        values = {
            name: "" if f.data is None else str(f.data)
            for name, f in self._fields.items()
            if name != "csrf_token"
        }
        values["specs"] = "; ".join(
            line.strip() for line in values["specs"].splitlines() if line.strip()
        )
        return values


class PhotoForm(Form):
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), validators=[FileRequired()])
