"""Putting a service's per-field errors back on a WTForms form."""

from __future__ import annotations

from flask_wtf import FlaskForm

from marketplace.errors import DomainError, InvalidInput

# Import column names that are named differently on the forms.
_FIELD_ALIASES = {"category_code": "category"}


def apply_errors(form: FlaskForm, exc: DomainError, default_field: str | None = None) -> None:
    """Attach `exc` to the fields it names; a message naming no field goes to
    `default_field`, or to the form's own errors."""
    errors = exc.errors if isinstance(exc, InvalidInput) else {}
    placed = False
    for name, message in errors.items():
        field = form._fields.get(_FIELD_ALIASES.get(name, name))
        if field is not None:
            field.errors = [*field.errors, message]
            placed = True
    if not placed:
        field = form._fields.get(default_field or "")
        if field is not None:
            field.errors = [*field.errors, exc.message]
        else:
            form.form_errors.append(exc.message)
