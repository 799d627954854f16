from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class DismissForm(FlaskForm):
    low = IntegerField(validators=[DataRequired()])
    high = IntegerField(validators=[DataRequired()])
    page = HiddenField()


class MergeForm(FlaskForm):
    note = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Kept with the merge and in the audit trail."),
    )
    rename_collisions = BooleanField(
        _l("Keep products whose SKU the kept supplier already uses, under a new SKU")
    )


class UndoForm(FlaskForm):
    note = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=1000)])
