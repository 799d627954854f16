"""Forms of the share pages: the year, method and threshold of the figures pages,
and the officials' record and target forms. They check shape only (length, known
choice, number format); the rules (ranges, registry links, uniqueness) are the
services' and come back as per-field errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from wtforms import Field, SelectField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from marketplace.i18n.forms import Form
from marketplace.imports.numbers import parse_int, parse_percent
from marketplace.products.fields import iso_countries
from marketplace.share import measure
from marketplace.share.display import NO_SOURCE, fmt_number, source_labels
from marketplace.share.fields import SUPPLY_COLUMNS, YEAR_MIN, year_max
from marketplace.share.queries import SORTS, RecordFilters, latest_year, list_years

LINKED_LABELS = {
    "product": _l("Linked to a registered product"),
    "supplier": _l("Linked to a registered supplier only"),
    "any": _l("Linked to a registered supplier (with or without product)"),
    "none": _l("Not linked to the registry"),
}
SORT_LABELS = {
    "value": _l("Value, largest first"),
    "value_asc": _l("Value, smallest first"),
    "year": _l("Year, latest first"),
    "record": _l("Record id"),
    "origin": _l("Origin"),
}
IMPORT_ORIGINS = "import"


@dataclass
class Choice:
    """The year, method and threshold a figures page shows; `notices` name what was
    asked for but not usable (its default is shown instead)."""

    year: int
    years: list[int]  # the years the form offers
    threshold: Decimal
    method: str = "origin"
    notices: list[str] = field(default_factory=list)
    threshold_open: bool = True  # the reader may choose another threshold

    def args(self) -> dict[str, object]:
        out: dict[str, object] = {"year": self.year, "method": self.method}
        if self.method == "threshold" and self.threshold_open:
            out["threshold"] = self.threshold
        return out


def read_year(session: Session, args: Mapping[str, str]) -> Choice:
    """?year= (default: the latest year with records); method and threshold the
    defaults."""
    year = latest = latest_year(session)
    notices = []
    raw = args.get("year", "").strip()
    if raw:
        hi = year_max()
        if raw.isascii() and raw.isdigit() and YEAR_MIN <= int(raw) <= hi:
            year = int(raw)
        else:
            notices.append(
                _(
                    "“%(value)s” is not a year between %(lo)d and %(hi)d: showing %(year)d.",
                    value=raw[:20],
                    lo=YEAR_MIN,
                    hi=hi,
                    year=latest,
                )
            )
    years = sorted({*list_years(session), year})
    return Choice(year, years, measure.current_threshold(), notices=notices)


def read_choice(session: Session, args: Mapping[str, str], threshold_open: bool = True) -> Choice:
    """?year=&method=&threshold=; a bad value is named and its default used. Without
    `threshold_open` (the public) the configured threshold stands: figures at every
    threshold step would give away single records' values."""
    choice = read_year(session, args)
    choice.threshold_open = threshold_open
    method = args.get("method", "").strip() or choice.method
    if method in measure.METHODS:
        choice.method = method
    else:
        choice.notices.append(
            _("“%(value)s” is not a method: showing the origin method.", value=method[:40])
        )
    raw = args.get("threshold", "").strip()
    if raw and not threshold_open:
        choice.notices.append(
            _(
                "Only officials can choose another threshold: showing %(pct)s%%.",
                pct=fmt_number(choice.threshold),
            )
        )
    elif raw:
        try:
            choice.threshold = parse_percent(raw[:20])
        except ValueError:
            choice.notices.append(
                _(
                    "“%(value)s” is not a threshold between 0 and 100%% (at most two decimals): "
                    "using %(pct)s%%.",
                    value=raw[:20],
                    pct=fmt_number(choice.threshold),
                )
            )
    return choice


def _max(n: int) -> Length:
    """A length limit whose message is in the page's language."""
    return Length(max=n, message=_l("At most %(max)d characters."))


def _text(field: Field) -> str:
    return (field.data or "").strip()


class RecordFilterForm(Form):
    """The drill-down's filters, read from the query string. Codes are accepted in any
    case; a subcategory given as `category` (a dashboard's subcategory row) becomes
    the subcategory of its parent."""

    class Meta:
        csrf = False

    year = StringField(_l("Year"))
    category = SelectField(_l("Category"), validate_choice=False)
    subcategory = SelectField(_l("Subcategory"), validate_choice=False)
    origin = SelectField(_l("Origin"), validate_choice=False)
    source = SelectField(_l("Source"), validate_choice=False)
    supplier = StringField(
        _l("Supplier"),
        validators=[_max(200)],
        description=_l("Tax code or part of the name"),
    )
    linked = SelectField(_l("Link to the registry"), validate_choice=False)
    q = StringField(
        _l("Record id or buyer"), validators=[_max(200)], description=_l("Part of either")
    )
    sort = SelectField(_l("Sort by"), validate_choice=False)

    def fill_choices(
        self, categories: list[tuple[str, str, list[tuple[str, str]]]], countries: dict[str, str]
    ) -> None:
        """`categories`: (code, name, [(sub code, sub name)]) of the top-level ones;
        `countries`: ISO code -> name in the page's language."""
        self.parents = {sub: code for code, _n, subs in categories for sub, _s in subs}
        any_ = [("", _l("All"))]
        self.category.choices = any_ + [(c, f"{c} · {n}") for c, n, _s in categories]
        self.subcategory.choices = any_ + [
            (s, f"{s} · {n}") for _c, _n, subs in categories for s, n in subs
        ]
        self.origin.choices = [
            *any_,
            ("VN", _l("Made in Vietnam (VN)")),
            (IMPORT_ORIGINS, _l("All imports (not VN)")),
            *sorted((c, f"{c} · {countries.get(c, c)}") for c in iso_countries() if c != "VN"),
        ]
        self.source.choices = [*any_, *source_labels().items()]
        self.linked.choices = [*any_, *LINKED_LABELS.items()]
        self.sort.choices = list(SORT_LABELS.items())
        for f in (self.category, self.subcategory, self.origin):
            f.data = _text(f).upper() or ""
        if self.category.data in self.parents:
            self.subcategory.data = self.subcategory.data or self.category.data
            self.category.data = self.parents[self.category.data]
        self.origin.data = "import" if self.origin.data == "IMPORT" else self.origin.data

    def validate_year(self, field: Field) -> None:
        if _text(field):
            try:
                parse_int(_text(field), YEAR_MIN, year_max())
            except ValueError as exc:
                raise ValidationError(str(exc)) from None

    def validate_category(self, field: Field) -> None:
        if field.data and field.data not in set(self.parents.values()):
            raise ValidationError(_l("There is no top-level category with this code."))

    def validate_subcategory(self, field: Field) -> None:
        parent = self.parents.get(field.data or "")
        if field.data and parent is None:
            raise ValidationError(_l("There is no subcategory with this code."))
        if field.data and self.category.data and parent != self.category.data:
            raise ValidationError(_l("This subcategory belongs to another category."))

    def validate_origin(self, field: Field) -> None:
        if field.data and field.data not in (IMPORT_ORIGINS, *iso_countries()):
            raise ValidationError(_l("Choose a country code such as CN, or all imports."))

    def validate_source(self, field: Field) -> None:
        if field.data and field.data not in source_labels():
            raise ValidationError(_l("Choose one of the listed sources."))

    def validate_linked(self, field: Field) -> None:
        if field.data and field.data not in LINKED_LABELS:
            raise ValidationError(_l("Choose one of the listed options."))

    def validate_sort(self, field: Field) -> None:
        if field.data and field.data not in SORTS:
            raise ValidationError(_l("Choose one of the listed orders."))

    def filters(self) -> RecordFilters:
        """The filters as the queries take them (call after a successful validate)."""
        year = _text(self.year)
        return RecordFilters(
            year=int(year) if year else None,
            category=self.category.data or None,
            subcategory=self.subcategory.data or None,
            origin=self.origin.data or None,
            source=self.source.data or None,
            supplier=_text(self.supplier) or None,
            linked=self.linked.data or None,
            q=_text(self.q) or None,
        )

    def sort_key(self) -> str:
        return self.sort.data if self.sort.data in SORTS else "value"

    def active(self) -> bool:
        """Whether any filter (not the order) is set."""
        return any(
            _text(f) for name, f in self._fields.items() if name not in ("sort", "csrf_token")
        )


class RecordForm(Form):
    """One supply record under the import's columns; everything is sent to the
    service as text, which checks it as it checks a file row (lengths included), so
    every problem shows at once."""

    record_id = StringField(
        _l("Record id"),
        description=_l("The source's own id (contract or survey number), unique"),
    )
    year = StringField(_l("Year of delivery"))
    category = SelectField(_l("Category"), validate_choice=False)
    value_vnd = StringField(
        _l("Value (VND)"),
        description=_l("Whole VND, e.g. 95500000 or 95.500.000"),
    )
    origin = SelectField(_l("Country of manufacture"), validate_choice=False, default="VN")
    local_content_pct = StringField(
        _l("Local content (%)"),
        description=_l(
            "0–100, up to two decimals. Leave empty to use the linked product's declared "
            "value (or 100 for VN and 0 for imports when there is none)."
        ),
    )
    supplier_tax_code = StringField(
        _l("Supplier tax code"),
        description=_l("Only a supplier already in the registry"),
    )
    sku = StringField(
        _l("Product code (SKU)"),
        description=_l("A product of that supplier in the registry"),
    )
    buyer = StringField(_l("Buyer"))
    source = SelectField(_l("Source"), validate_choice=False)

    def fill_choices(
        self, categories: list[tuple[str, str, list[tuple[str, str]]]], countries: dict[str, str]
    ) -> None:
        choices: list[tuple[str, str]] = [("", _l("Choose…"))]
        for code, name, subs in categories:
            choices.append((code, f"{code} · {name}"))
            choices += [(s, f"\u00a0\u00a0\u00a0{s} · {n}") for s, n in subs]
        self.category.choices = choices
        self.origin.choices = sorted(
            ((c, f"{c} · {countries.get(c, c)}") for c in iso_countries()),
            key=lambda c: (c[0] != "VN", c[0]),
        )
        labels = source_labels()
        self.source.choices = [("", labels.pop(NO_SOURCE)), *labels.items()]

    def fill(self, values: dict[str, object]) -> None:
        """Show a stored record (import attribute names, from services.record_fields)."""
        for column in SUPPLY_COLUMNS:
            value = values.get("category_code" if column == "category" else column)
            getattr(self, column).data = "" if value is None else str(value)

    def raw_values(self) -> dict[str, str]:
        return {
            c: "" if getattr(self, c).data is None else str(getattr(self, c).data)
            for c in SUPPLY_COLUMNS
        }


class EditRecordForm(RecordForm):
    note = TextAreaField(
        _l("Note on this correction"),
        validators=[_max(1000)],
        description=_l("Optional: why it changed (kept in the history)"),
    )


class DeleteRecordForm(Form):
    note = TextAreaField(
        _l("Why is it deleted?"),
        validators=[_max(1000)],
        description=_l("Optional, kept in the history"),
    )


def _percent(field: Field) -> Decimal | None:
    return parse_percent(_text(field)) if _text(field) else None


class TargetForm(Form):
    category = SelectField(_l("Category"), validate_choice=False)
    min_pct = StringField(_l("Lower bound (%)"), validators=[_max(10)])
    max_pct = StringField(
        _l("Upper bound (%)"),
        validators=[_max(10)],
        description=_l("Leave empty for a minimum only"),
    )
    effective_year = StringField(
        _l("Takes effect in"),
        validators=[_max(10)],
        description=_l("From 1 January of this year; earlier years keep their band"),
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[_max(2000)],
        description=_l("E.g. the decision that changed the target; kept in the history"),
    )

    def validate_min_pct(self, field: Field) -> None:
        if not _text(field):
            raise ValidationError(_l("Enter the lower bound."))
        self._check_percent(field)

    def validate_max_pct(self, field: Field) -> None:
        if _text(field):
            self._check_percent(field)

    @staticmethod
    def _check_percent(field: Field) -> None:
        try:
            _percent(field)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def validate_effective_year(self, field: Field) -> None:
        if not _text(field):
            raise ValidationError(_l("Enter the year the band takes effect."))
        try:
            parse_int(_text(field), -(10**30), 10**30)  # the range is the service's
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def readable(self) -> tuple[str, Decimal | None, Decimal | None, int | None, str]:
        """The values as far as they read (None where a field's form is wrong), so the
        service's checks can name every other problem at once."""

        def read(field: Field, parse: Callable[[Field], Any]) -> Any:
            if field.errors or not _text(field):
                return None
            return parse(field)

        return (
            self.category.data or "",
            read(self.min_pct, _percent),
            read(self.max_pct, _percent),
            read(self.effective_year, lambda f: int(_text(f))),
            _text(self.reason),
        )

    def values(self) -> tuple[str, Decimal, Decimal | None, int, str]:
        """(category, lower, upper, year, reason) for targets.set_target."""
        low = _percent(self.min_pct)
        if low is None:  # validate_min_pct requires it
            raise ValueError("values() of a target form that did not validate")
        return (
            self.category.data or "",
            low,
            _percent(self.max_pct),
            int(_text(self.effective_year)),
            _text(self.reason),
        )
