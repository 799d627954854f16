from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from marketplace.accounts.passwords import MIN_LENGTH
from marketplace.i18n.forms import Form


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class SignUpForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_LENGTH)])
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )
    role = RadioField(
        _l("I am"),
        choices=[
            ("buyer", _l("a buyer looking for suppliers")),
            ("supplier_staff", _l("a manufacturer or distributor")),
        ],
        default="buyer",
        validators=[DataRequired()],
    )


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])


class ResetPasswordForm(Form):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_LENGTH)]
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class InviteForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[("official", _l("Official")), ("admin", _l("Administrator"))],
        default="official",
    )


class AcceptInvitationForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_LENGTH)])
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )


class RoleForm(Form):
    role = SelectField(
        _l("Role"),
        choices=[
            ("buyer", _l("Buyer")),
            ("supplier_staff", _l("Supplier staff")),
            ("official", _l("Official")),
            ("admin", _l("Administrator")),
        ],
    )


class ActiveForm(Form):
    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class LinkSupplierForm(Form):
    tax_code = StringField(
        _l("Tax code of the company"), validators=[DataRequired(), Length(max=20)]
    )


class ButtonForm(Form):
    """A POST button: only the CSRF token."""
