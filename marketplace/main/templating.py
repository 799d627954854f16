"""Template globals and filters: locale, formatting of money and percentages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeVar
from urllib.parse import quote_plus

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, request, url_for
from flask.globals import _cv_app, _cv_request
from flask_babel import get_locale, get_timezone, to_user_timezone
from pytz import UTC, BaseTzInfo

from search.highlight import snippet

T = TypeVar("T")


def per_locale(name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request and locale, kept on Flask-Babel's per-request
    namespace beside the locale it was computed for: templates ask for the locale's
    code and catalogue a few hundred times a page, and Flask-Babel finds them through
    several context-local lookups each time (so does `g`: its namespace is read
    here from the app context itself). `force_locale` (e-mails in the recipient's
    language) swaps the locale object, so the value is computed again."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return compute()
    held = ctx.g.__dict__
    state = held.get("_flask_babel")
    if state is not None:
        cached = state.__dict__.get(name)
        if cached is not None and cached[0] is state.__dict__.get("babel_locale"):
            return cached[1]  # type: ignore[no-any-return]
    value = compute()  # Flask-Babel fills its namespace (domain, locale) on the way
    state = held.get("_flask_babel")
    if state is not None and (locale := getattr(state, "babel_locale", None)) is not None:
        setattr(state, name, (locale, value))
    return value


def _locale_code() -> str:
    return str(get_locale() or "vi")


def current_locale() -> str:
    return per_locale("marketplace_locale_code", _locale_code)


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=64)
def _pattern(code: str, pattern: str | None) -> NumberPattern:
    return parse_pattern(pattern or _locale(code).decimal_formats[None])


def format_number(value: int | float | Decimal, pattern: str | None = None) -> str:
    """Flask-Babel's format_decimal in the reader's locale, with the locale and the
    pattern parsed once: a dashboard formats thousands of numbers per page."""
    code = current_locale()
    return _pattern(code, pattern).apply(value, _locale(code))


def format_vnd(value: int | None) -> str:
    if value is None:
        return ""
    return _vnd(current_locale(), value)


# Import columns holding amounts, which pages write with the reader's separators;
# codes and years (a tax code, 2008) are written as they are.
MONEY_COLUMNS = frozenset({"price_vnd", "value_vnd"})


def column_value(column: str, value: object) -> str:
    """A stored value of an import column as pages show it to the reader: VND with
    separators, a percentage with the reader's decimal mark, a head count with
    separators; anything else as it is (— for nothing)."""
    if value is None or value == "":
        return "—"
    try:
        if column in MONEY_COLUMNS:
            return format_vnd(int(str(value)))
        if column == "local_content_pct":
            # As typed: 70 stays 70%, 7.5 is 7,5% in Vietnamese.
            return f"{format_number(Decimal(str(value)), pattern='#,##0.##')}%"
        if column == "employees":
            return format_number(int(str(value)))
    except (ValueError, InvalidOperation):
        pass  # not a number after all: shown as it is
    return str(value)


@lru_cache(maxsize=4096, typed=True)
def _vnd(code: str, value: int) -> str:
    """A price as format_number writes it, remembered: a results page shows two
    dozen, and prices recur from page to page."""
    return f"{_pattern(code, None).apply(value, _locale(code))} ₫"


# Werkzeug's query encoding (werkzeug.urls._urlencode), so links read as url_for's.
_QUERY_SAFE = "!$'()*,/:;?@"


@lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    """One `key=value` of a query string, as urlencode(..., safe=_QUERY_SAFE) writes it."""
    return f"{quote_plus(key, safe=_QUERY_SAFE)}={quote_plus(value, safe=_QUERY_SAFE)}"


def url_with(**changes: object) -> str:
    """The current URL with some query arguments changed (pagination, sorting), as
    `url_for(endpoint, **view_args, **args)` gives it. A view may set `g.url_args`:
    the arguments to keep (without values it refused). The path and the encoded
    arguments kept are worked out once per request: a results page asks for a link
    per facet value."""
    # The contexts read directly, not through the `g` and `request` proxies: a
    # results page asks some thirty times.
    req = _cv_request.get().request
    kept = _cv_app.get().g.__dict__.get("url_args")
    state = getattr(req, "_url_with", None)
    if state is None or state[0] is not kept:
        args = dict(kept) if kept is not None else request.args.to_dict()
        base = url_for(request.endpoint or "main.home", **(request.view_args or {}))
        state = (kept, base, {k: _pair(k, v) for k, v in args.items()})
        req._url_with = state  # type: ignore[attr-defined]
    _, base, encoded = state
    pairs = dict(encoded)  # in the URL's order; a new argument goes last
    for key, value in changes.items():
        if value is None:
            pairs.pop(key, None)
        else:
            pairs[key] = _pair(key, str(value))
    return f"{base}?{'&'.join(pairs.values())}" if pairs else base


def day_month_year(value: date) -> str:
    """`value|dateformat('dd/MM/yyyy')` (a time in the reader's time zone) without
    Babel's pattern machinery, and with the time zone found once a request: a
    results page dates every verified supplier."""
    if isinstance(value, datetime):
        return _local_day(value, per_locale("marketplace_timezone", get_timezone))
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


@lru_cache(maxsize=1024)
def _local_day(value: datetime, zone: BaseTzInfo) -> str:
    """dd/MM/yyyy of `value` (naive: UTC) in `zone`, as flask_babel.to_user_timezone
    converts it."""
    value = zone.normalize(
        (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(zone)
    )
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def local_time(value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (naive UTC) time as it reads in Hà Nội (BABEL_DEFAULT_TIMEZONE), in a
    fixed numeric pattern: the officials' tables sort and compare by it."""
    if value is None:
        return ""
    return to_user_timezone(value).strftime(pattern)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["snippet"] = snippet
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters["dmy"] = day_month_year
    app.jinja_env.globals.update(current_locale=current_locale, url_with=url_with)
