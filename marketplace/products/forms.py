from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.i18n.forms import Form
from marketplace.products import photos


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
    # Only on the new-product form: an unlisted product is a draft nobody else sees,
    # and it can be deleted until it is first listed.
    draft = BooleanField(
        _l("Keep it unlisted for now (draft)"),
        description=_l(
            "Buyers do not see a draft, and you can still delete it until it has been "
            "listed once. List it from its page when it is ready."
        ),
    )

    def raw_values(self) -> dict[str, str]:
        values = {
            name: "" if f.data is None else str(f.data)
            for name, f in self._fields.items()
            if name not in ("csrf_token", "draft")
        }
        values["specs"] = "; ".join(
            line.strip() for line in values["specs"].splitlines() if line.strip()
        )
        return values


class PhotoForm(Form):
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), validators=[FileRequired()])


def photo_rules(max_bytes: int) -> str:
    """What the photo form accepts, stated next to it (the same limits photos.py checks)."""
    return _(
        "JPEG, PNG or WebP; at most %(mb)d MB and %(mp)d megapixels; at least %(min)d "
        "pixels on each side. Transparent parts become white.",
        mb=max_bytes // (1024 * 1024),
        mp=photos.MAX_PIXELS // 1_000_000,
        min=photos.MIN_SIDE,
    )


class ConfirmForm(Form):
    """A POST with only the CSRF token (deleting a product)."""


class CatalogueUploadForm(Form):
    products = FileField(
        _l("Products file"),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileAllowed(["csv", "xlsx"], _l("Only .csv and .xlsx files can be imported.")),
        ],
        description=_l(
            "products.csv or .xlsx; key: sku. The supplier_tax_code column may be left "
            "out: every row is your company's."
        ),
    )
