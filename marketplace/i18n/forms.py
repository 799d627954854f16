"""The base of every form: WTForms' and Flask-WTF's own messages ("This field is
required.", "Not a valid integer value.", the CSRF and file-field messages) in the
language Flask-Babel selected.

WTForms ships no Vietnamese catalogue, and Flask-WTF's I18N looks only there (and caches
the first language of a request, ignoring `force_locale`), so both libraries' msgids
live in our own catalogue: scripts/fill_vi.py merges WTForms' wtforms.pot, and
`library_messages` marks Flask-WTF's for extraction."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import get_translations
from flask_wtf import FlaskForm
from flask_wtf.form import _FlaskFormCSRF
from wtforms import Field
from wtforms.validators import ValidationError

from marketplace.i18n.library_messages import FILE_SIZE

# Flask-WTF's FileSize puts the numbers into its text before asking for a translation.
_FILE_SIZE = re.compile(r"File must be between (\d+) and (\d+) bytes\.")


class BabelTranslations:
    """WTForms' translations interface over Flask-Babel: each call looks up the locale
    in force now, so `force_locale` (mails, reports) and lazy strings agree with it."""

    def gettext(self, string: str) -> str:
        size = _FILE_SIZE.fullmatch(string)
        if size:
            return FILE_SIZE % {"min": size[1], "max": size[2]}
        return str(get_translations().ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ungettext(singular, plural, n))


translations = BabelTranslations()


class TranslatedCSRF(_FlaskFormCSRF):  # type: ignore[misc]
    """Flask-WTF's form-level CSRF check, whose messages it never translates."""

    def validate_csrf_token(self, form: FlaskForm, field: Field) -> None:
        try:
            super().validate_csrf_token(form, field)
        except ValidationError as exc:
            raise ValidationError(translations.gettext(str(exc.args[0]))) from None


class Form(FlaskForm):  # type: ignore[misc]
    """Subclass this, never FlaskForm: tests/main/test_form_messages.py checks it."""

    class Meta:
        csrf_class = TranslatedCSRF

        def get_translations(self, form: Any) -> BabelTranslations:
            return translations
