from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.i18n.forms import Form


class DismissForm(Form):
    low = IntegerField(validators=[DataRequired()])
    high = IntegerField(validators=[DataRequired()])
    page = HiddenField()


class MergeForm(Form):
    note = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Kept with the merge and in the audit trail."),
    )
    rename_collisions = BooleanField(
        _l("Keep products whose SKU the kept supplier already uses, under a new SKU")
    )


class UndoForm(Form):
    note = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=1000)])
