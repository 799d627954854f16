"""Forms of the inquiry pages: shape only (the service checks the rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.i18n.forms import Form
from marketplace.inquiries.models import BODY_MAX, SUBJECT_MAX, UNIT_MAX
from marketplace.inquiries.services import InquiryDraft

FILES_HELP = _l("PDF, PNG or JPEG files, up to 5 at a time. Hold Ctrl (or ⌘) to choose several.")


class InquiryForm(Form):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=SUBJECT_MAX)])
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        description=_l("What you need, the conditions on site, questions for the supplier."),
    )
    quantity = StringField(_l("Quantity"), validators=[Optional(), Length(max=20)])
    unit = StringField(
        _l("Unit"),
        validators=[Optional(), Length(max=UNIT_MAX)],
        description=_l("For example: sets, units, tonnes, m³/day."),
    )
    required_by = DateField(_l("Needed by"), validators=[Optional()])
    delivery_commune = StringField(
        _l("Delivery commune or ward (Hà Nội)"),
        validators=[Optional(), Length(max=100)],
        description=_l("Start typing and choose from the list."),
    )
    attachments = MultipleFileField(_l("Attachments"), description=FILES_HELP)

    def draft(self) -> InquiryDraft:
        return InquiryDraft(
            subject=self.subject.data or "",
            body=self.body.data or "",
            quantity=self.quantity.data or "",
            unit=self.unit.data or "",
            required_by=self.required_by.data,
            delivery_commune=self.delivery_commune.data or "",
        )


class ReplyForm(Form):
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(), Length(max=BODY_MAX)])
    attachments = MultipleFileField(_l("Attachments"), description=FILES_HELP)


class PostForm(Form):
    """A button that changes something (close, reopen): the CSRF token only."""
