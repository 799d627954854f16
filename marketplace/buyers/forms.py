from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.i18n.forms import Form


class SaveSearchForm(Form):
    """The name of a search to keep; the search itself comes from the page's hidden
    fields (searches.params.search_params keeps only search parameters)."""

    name = StringField(_l("Name of the search"), validators=[DataRequired(), Length(max=120)])
    notify = BooleanField(_l("Tell me when new products match"), default=True)


class RenameSearchForm(Form):
    name = StringField(_l("New name"), validators=[DataRequired(), Length(max=120)])


class NoteForm(Form):
    note = TextAreaField(_l("Note"), validators=[Length(max=500)])
