"""Every message a form can show is in the page's language: the app's forms with empty,
wrong-type and out-of-range input, every WTForms / Flask-WTF validator's and field's
default message, and the CSRF messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import (
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    MonthField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
    WeekField,
    validators,
)
from wtforms.validators import StopValidation, ValidationError

from marketplace import create_app
from marketplace.i18n.forms import Form
from tests.main.app_modules import app_subclasses

FORMS = [cls for cls in app_subclasses(FlaskForm) if cls is not Form]
# Messages that read the same in both languages on purpose (none yet).
SAME_IN_BOTH: set[str] = set()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    # No database is touched: forms check shape only. CSRF on, to see its messages.
    folder = tmp_path_factory.mktemp("forms")
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": f"sqlite:///{folder / 'unused.db'}",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,  # its counters live in the database
            "SERVER_NAME": "localhost",
        }
    )
    yield application
    application.extensions["db_engine"].dispose()


def _in(app: Flask, lang: str, produce: Callable[[], Any]) -> Any:
    with app.test_request_context(f"/?lang={lang}"):
        return produce()


def _upload(name: str, content: bytes = b"x") -> FileStorage:
    return FileStorage(BytesIO(content), filename=name)


def _values(form: FlaskForm, kind: str) -> MultiDict:
    """Input of one kind for every field of `form`."""
    data: MultiDict = MultiDict()
    for name, field in form._fields.items():
        if kind == "empty":
            continue
        if isinstance(field, FileField):
            data[name] = _upload("report.exe", b"x" * (10 if kind != "huge" else 10**6))
        elif isinstance(field, IntegerField | DecimalField | FloatField):
            data[name] = {"wrong": "abc", "low": "-1", "huge": "9" * 30}[kind]
        elif name == "csrf_token":
            data[name] = "not-a-token"
        else:
            data[name] = {"wrong": "@@ not valid @@", "low": "a", "huge": "x" * 20_001}[kind]
    return data


def _messages(form: FlaskForm) -> dict[str, list[str]]:
    out = {name: [str(e) for e in field.errors] for name, field in form._fields.items()}
    out["(form)"] = [str(e) for e in form.form_errors]
    return out


def _validate(cls: type[FlaskForm], kind: str) -> dict[str, list[str]]:
    form = cls(formdata=MultiDict())
    data = _values(form, kind)
    form = cls(formdata=data)
    if hasattr(form, "fill_choices"):  # the share forms' choices from the database
        form.fill_choices([("WW", "Nước thải", [("WW-SLU", "Bùn")])], {"VN": "Việt Nam"})
    for field in form._fields.values():
        # Choices filled from the database at request time: any list will do here.
        if isinstance(field, SelectField | SelectMultipleField) and field.choices is None:
            field.choices = [("a", "A")]
    form.validate()
    return _messages(form)


def _untranslated(vi: dict[str, list[str]], en: dict[str, list[str]]) -> list[str]:
    return [
        f"{name}: {m!r}"
        for name, messages in vi.items()
        for m in messages
        if m in en.get(name, []) and m not in SAME_IN_BOTH
    ]


def test_every_form_of_the_app_is_found():
    names = {cls.__name__ for cls in FORMS}
    assert {"LoginForm", "SupplierForm", "ProductForm", "RecordForm", "TargetForm"} <= names


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
def test_form_subclasses_the_translating_base(cls: type[FlaskForm]):
    assert issubclass(cls, Form), (
        f"{cls.__module__}.{cls.__name__} must subclass marketplace.i18n.forms.Form "
        "(not FlaskForm), or WTForms' messages stay in English"
    )


@pytest.mark.parametrize("kind", ["empty", "wrong", "low", "huge"])
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
def test_form_messages_are_in_vietnamese(app: Flask, cls: type[FlaskForm], kind: str):
    vi = _in(app, "vi", lambda: _validate(cls, kind))
    en = _in(app, "en", lambda: _validate(cls, kind))
    if kind != "empty":  # a filter form may accept no input at all
        assert any(vi.values()), "the input should have produced some message"
    assert not _untranslated(vi, en), f"English on the Vietnamese page: {_untranslated(vi, en)}"


# --- every validator's and field's own (default) message ------------------------------


class _UploadSet:
    """Flask-Uploads' interface, which FileAllowed also takes."""

    def file_allowed(self, storage: FileStorage, name: str) -> bool:
        return False


FAILING: dict[str, tuple[Callable[[], Any], Any, Any]] = {
    # name: (validator, field data, the other field's data)
    "DataRequired": (validators.DataRequired, "", None),
    "InputRequired": (validators.InputRequired, None, None),
    "Length-min": (lambda: validators.Length(min=3), "a", None),
    "Length-max": (lambda: validators.Length(max=1), "abc", None),
    "Length-exact": (lambda: validators.Length(min=2, max=2), "abc", None),
    "Length-between": (lambda: validators.Length(min=2, max=3), "abcdef", None),
    "NumberRange-min": (lambda: validators.NumberRange(min=1), 0, None),
    "NumberRange-max": (lambda: validators.NumberRange(max=1), 5, None),
    "NumberRange-between": (lambda: validators.NumberRange(1, 2), 5, None),
    "EqualTo": (lambda: validators.EqualTo("other"), "a", "b"),
    "EqualTo-unknown-field": (lambda: validators.EqualTo("nowhere"), "a", None),
    "Regexp": (lambda: validators.Regexp("^a$"), "b", None),
    "Email": (validators.Email, "not-an-address", None),
    "IPAddress": (validators.IPAddress, "x", None),
    "MacAddress": (validators.MacAddress, "x", None),
    "URL": (validators.URL, "x", None),
    "UUID": (validators.UUID, "x", None),
    "AnyOf": (lambda: validators.AnyOf(["a"]), "b", None),
    "NoneOf": (lambda: validators.NoneOf(["a"]), "a", None),
    "ReadOnly": (validators.ReadOnly, "changed", None),
    "Disabled": (validators.Disabled, "a", None),
    "FileRequired": (FileRequired, None, None),
    "FileAllowed": (lambda: FileAllowed(["csv"]), _upload("x.exe"), None),
    "FileAllowed-set": (lambda: FileAllowed(_UploadSet()), _upload("x.exe"), None),
    "FileSize": (lambda: FileSize(max_size=1), _upload("x.csv", b"0123456789"), None),
}


class _Probe(Form):
    class Meta:
        csrf = False

    field = StringField("Field")
    other = StringField("Other")


def _default_message(case: str) -> str:
    make, data, other = FAILING[case]
    form = _Probe(formdata=None)
    form.field.data, form.field.raw_data = data, ([] if data is None else [data])
    form.field.object_data, form.field.errors = "original", []
    form.other.data = other
    try:
        make()(form, form.field)
    except (ValidationError, StopValidation) as exc:
        return str(exc.args[0])
    raise AssertionError(f"{case} did not fail")


@pytest.mark.parametrize("case", sorted(FAILING))
def test_validator_default_message_is_in_vietnamese(app: Flask, case: str):
    vi = _in(app, "vi", lambda: _default_message(case))
    en = _in(app, "en", lambda: _default_message(case))
    assert vi != en, f"{case}: {vi!r} is not translated"


def test_every_validator_the_forms_use_has_a_failing_case():
    tried = {name.split("-")[0] for name in FAILING} | {"Optional"}  # Optional never fails
    used = {
        type(v).__name__
        for cls in FORMS
        for field in _unbound_fields(cls)
        for v in field.kwargs.get("validators") or []
        if type(v).__module__.startswith(("wtforms", "flask_wtf"))
    }
    assert used <= tried, f"add a failing case for {sorted(used - tried)}"


def _unbound_fields(cls: type[FlaskForm]) -> list[Any]:
    return [getattr(cls, name) for name in dir(cls) if hasattr(getattr(cls, name), "field_class")]


class _Kinds(Form):
    class Meta:
        csrf = False

    integer = IntegerField()
    decimal = DecimalField()
    number = FloatField()
    date = DateField()
    datetime = DateTimeField()
    time = TimeField()
    month = MonthField()
    week = WeekField()
    select = SelectField(choices=[("a", "A")])
    coerced = SelectField(choices=[(1, "One")], coerce=int)
    radio = RadioField(choices=[("a", "A")])
    multiple = SelectMultipleField(choices=[("a", "A")])
    multiple_coerced = SelectMultipleField(choices=[(1, "One")], coerce=int)


def _field_messages() -> dict[str, list[str]]:
    data = MultiDict(dict.fromkeys(_Kinds().data, "zz"))
    data.add("multiple", "yy")
    form = _Kinds(formdata=data)
    form.validate()
    return _messages(form)


def test_every_kind_of_field_says_its_errors_in_vietnamese(app: Flask):
    vi = _in(app, "vi", _field_messages)
    en = _in(app, "en", _field_messages)
    assert all(vi[name] for name in _Kinds().data), vi
    assert not _untranslated(vi, en), _untranslated(vi, en)


def test_messages_follow_force_locale_within_one_request(app: Flask):
    def both() -> tuple[str, str]:
        first = _default_message("DataRequired")
        with force_locale("en"):
            return first, _default_message("DataRequired")

    assert _in(app, "vi", both) == ("Trường này là bắt buộc.", "This field is required.")


def test_an_expired_csrf_token_is_explained_in_vietnamese(app: Flask):
    client = app.test_client()
    client.get("/account/login")
    response = client.post("/account/login", data={"csrf_token": "expired-or-forged"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The login form comes back with what was typed and says why, in Vietnamese.
    assert "Biểu mẫu này đã hết hạn" in html
    assert "This form had expired" not in html and "CSRF token is invalid" not in html


def test_field_of_lazy_label_renders_in_the_page_language(app: Flask):
    from marketplace.accounts.forms import LoginForm

    def label() -> str:
        return str(LoginForm(formdata=None).password.label.text)

    assert (_in(app, "vi", label), _in(app, "en", label)) == ("Mật khẩu", "Password")
