"""Forms check shape only (required, length, number format); the rules (category,
commune, deadline, states, permissions) are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.attachments.files import Upload
from marketplace.i18n.forms import BabelTranslations, Form, translations
from marketplace.rfqs.inputs import AwardInput, QuoteInput, RfqInput
from marketplace.rfqs.models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NOTES_MAX,
    SPEC_KEY_MAX,
    SPEC_VALUE_MAX,
    SPECS_MAX,
    TITLE_MAX,
)

SPARE_ROWS = 3
MIN_ROWS = 5


class SpecRow(wtforms.Form):
    """One specification row inside RfqForm (which carries the CSRF token); a plain
    WTForms form, so it is not a page's form of its own, with the same translations."""

    class Meta:
        def get_translations(self, form: Any) -> BabelTranslations:
            return translations

    key = StringField(_l("Specification"), validators=[Optional(), Length(max=SPEC_KEY_MAX)])
    value = StringField(_l("Required value"), validators=[Optional(), Length(max=SPEC_VALUE_MAX)])


class RfqForm(Form):
    category = SelectField(_l("Category"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    specs = FieldList(FormField(SpecRow), min_entries=MIN_ROWS, max_entries=SPECS_MAX)
    quantity = IntegerField(
        _l("Quantity"), validators=[InputRequired(), NumberRange(min=1, max=10**9)]
    )
    unit = StringField(
        _l("Unit"),
        validators=[DataRequired(), Length(max=30)],
        description=_l("For example: set, unit, m³/day."),
    )
    delivery_commune = StringField(
        _l("Delivery commune or ward (Hà Nội)"), validators=[DataRequired(), Length(max=100)]
    )
    deadline = DateField(
        _l("Quotes accepted until"),
        validators=[InputRequired()],
        description=_l("Until the end of this day, Hà Nội time."),
    )
    budget_vnd = IntegerField(
        _l("Budget (VND, optional)"), validators=[Optional(), NumberRange(min=1)]
    )
    verified_only = BooleanField(_l("Only suppliers verified by the Department may answer"))
    min_local_content_pct = DecimalField(
        _l("Minimum local content (%)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=100)],
    )
    province = SelectField(_l("Suppliers from this province only"), validators=[Optional()])

    def fill_choices(self, categories: list[tuple[str, str]], provinces: list[str]) -> None:
        self.category.choices = [("", _l("Choose a category"))] + categories  # type: ignore[assignment]
        self.province.choices = [("", _l("Any province"))] + [(p, p) for p in provinces]  # type: ignore[assignment]

    def offer_template(self, names: list[str]) -> None:
        """Spec rows from the category's usual specs, with blank rows to add more."""
        while len(self.specs.entries):
            self.specs.pop_entry()
        for name in names[:SPECS_MAX]:
            self.specs.append_entry({"key": name, "value": ""})
        while len(self.specs.entries) < min(SPECS_MAX, max(MIN_ROWS, len(names) + SPARE_ROWS)):
            self.specs.append_entry()

    def fill_from(self, values: dict[str, Any], specs: list[tuple[str, str]]) -> None:
        for name, value in values.items():
            self._fields[name].data = value
        while len(self.specs.entries):
            self.specs.pop_entry()
        for key, value in specs:
            self.specs.append_entry({"key": key, "value": value})
        while len(self.specs.entries) < min(SPECS_MAX, max(MIN_ROWS, len(specs) + SPARE_ROWS)):
            self.specs.append_entry()

    def to_input(self) -> RfqInput:
        return RfqInput(
            category=self.category.data or "",
            title=self.title.data or "",
            description=self.description.data or "",
            quantity=self.quantity.data,  # type: ignore[arg-type]
            unit=self.unit.data or "",
            delivery_commune=self.delivery_commune.data or "",
            deadline=self.deadline.data,  # type: ignore[arg-type]
            specs=[(r.key.data or "", r.value.data or "") for r in self.specs],
            budget_vnd=self.budget_vnd.data,
            verified_only=bool(self.verified_only.data),
            min_local_content_pct=self.min_local_content_pct.data,
            province=self.province.data or None,
        )


class QuoteForm(Form):
    price_vnd = IntegerField(
        _l("Total price (VND)"), validators=[InputRequired(), NumberRange(min=1)]
    )
    lead_time_days = IntegerField(
        _l("Lead time (days)"), validators=[InputRequired(), NumberRange(min=0, max=3650)]
    )
    local_content_pct = DecimalField(
        _l("Local content (%)"),
        places=2,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    origin = SelectField(_l("Country of manufacture"), validators=[DataRequired()])
    warranty_months = IntegerField(
        _l("Warranty (months)"), validators=[InputRequired(), NumberRange(min=0, max=600)]
    )
    product_id = SelectField(_l("Your product (optional)"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=NOTES_MAX)])
    attachments = MultipleFileField(
        _l("Documents"), description=_l("PDF, PNG or JPEG: offer, data sheets, certificates.")
    )

    def fill_choices(
        self, countries: list[tuple[str, str]], products: list[tuple[int, str]]
    ) -> None:
        self.origin.choices = countries  # type: ignore[assignment]
        self.product_id.choices = [("", _l("None"))] + [(str(i), n) for i, n in products]  # type: ignore[assignment]

    def to_input(self) -> QuoteInput:
        uploads = [
            Upload(f.filename or "", f.read())
            for f in (self.attachments.data or [])
            if getattr(f, "filename", "")
        ]
        return QuoteInput(
            price_vnd=self.price_vnd.data,  # type: ignore[arg-type]
            lead_time_days=self.lead_time_days.data,  # type: ignore[arg-type]
            local_content_pct=self.local_content_pct.data or Decimal(0),
            origin=self.origin.data or "",
            warranty_months=self.warranty_months.data,  # type: ignore[arg-type]
            product_id=int(self.product_id.data) if self.product_id.data else None,
            notes=self.notes.data or "",
            uploads=uploads,
        )


class AwardForm(Form):
    contract_value_vnd = IntegerField(
        _l("Contract value (VND)"), validators=[InputRequired(), NumberRange(min=1)]
    )
    delivery_year = IntegerField(
        _l("Year of delivery"), validators=[InputRequired(), NumberRange(min=2000, max=2100)]
    )

    def to_input(self, quote_id: int) -> AwardInput:
        return AwardInput(quote_id, self.contract_value_vnd.data, self.delivery_year.data)  # type: ignore[arg-type]


class MessageForm(Form):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MESSAGE_MAX)])


class PostForm(Form):
    """A POST with only the CSRF token (publish, close, cancel, remove, withdraw)."""


class AddSupplierForm(Form):
    supplier_id = IntegerField(validators=[InputRequired()])
