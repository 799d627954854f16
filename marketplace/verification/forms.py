"""Forms check shape only; the rules (file content, reasons, states) are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from marketplace.i18n.forms import Form
from marketplace.verification.models import DocumentKind


def kind_choices() -> list[tuple[str, str]]:
    return [(k.value, str(kind_label(k))) for k in DocumentKind]


def kind_label(kind: DocumentKind | str) -> str:
    from marketplace.i18n.labels import label

    return label(kind, "document")


class DocumentForm(Form):
    kind = SelectField(_l("Kind of document"), choices=kind_choices)
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a PDF, PNG or JPEG file."))],
        description=_l("PDF, PNG or JPEG, at most 10 MB."),
    )
    issuer = StringField(_l("Issued by"), validators=[Optional(), Length(max=200)])
    number = StringField(_l("Number"), validators=[Optional(), Length(max=100)])
    expires_on = DateField(
        _l("Valid until"),
        validators=[Optional()],
        description=_l("Leave empty if the document does not expire."),
    )
    public = BooleanField(_l("Show this document on the public profile"))


class ReasonForm(Form):
    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=2000)],
        description=_l("The supplier sees this reason on its profile and in its notice."),
    )


class PostForm(Form):
    """A POST with only the CSRF token: submit, remove, publish."""
