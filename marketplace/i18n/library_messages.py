"""Flask-WTF's user-facing messages, marked here for `pybabel extract` (the library has
no catalogue). WTForms' own come from its wtforms.pot, which scripts/fill_vi.py merges."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Raised by CSRFProtect (an error page) or a form's CSRF field.
CSRF_MESSAGES = (
    _l("The CSRF token is missing."),
    _l("The CSRF session token is missing."),
    _l("The CSRF token has expired."),
    _l("The CSRF token is invalid."),
    _l("The CSRF tokens do not match."),
    _l("The referrer header is missing."),
    _l("The referrer does not match the host."),
    _l("CSRF validation failed."),
)
FILE_MESSAGES = (
    _l("File does not have an approved extension: {extensions}"),
    _l("File does not have an approved extension."),
)
# FileSize's text with its numbers as placeholders (see forms.BabelTranslations).
FILE_SIZE = _l("File must be between %(min)s and %(max)s bytes.")
