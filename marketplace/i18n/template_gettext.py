"""`_()`, `gettext` and `ngettext` in templates, with the catalogue looked up once per
request instead of once per string.

Flask-Babel's template callables find the domain, the locale, the locale's identifier
and the catalogue on every call (about ten context-local lookups), and Jinja's `_` alias
and new-style wrapper add two more context calls (in a loop, each copies the template
context): a search results page translates some 150 strings, so this was a sixth of its
rendering time. The catalogue is kept on
Flask-Babel's own per-request namespace, next to the locale it belongs to: `force_locale`
(e-mails in the recipient's language) swaps that locale object, and the next string
looks the catalogue up again.

Behaviour is Jinja's new-style gettext: the result is marked safe when autoescaping and
always %-formatted with the keyword arguments (`num` defaults to the count)."""

from __future__ import annotations

from gettext import NullTranslations
from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from marketplace.main.templating import per_locale


def current_translations() -> NullTranslations:
    """The catalogue Flask-Babel would use now (same domain, same locale)."""
    return per_locale("marketplace_translations", get_translations)


# pass_eval_context, not Jinja's pass_context: inside a loop Jinja derives a copy of the
# whole template context for every pass_context call, and only autoescaping is needed.
@pass_eval_context
def gettext(__eval_ctx: EvalContext, __string: str, **variables: Any) -> str:
    rv = current_translations().gettext(__string)
    if __eval_ctx.autoescape:
        rv = Markup(rv)  # nosec B704 - our catalogue (as Jinja does); variables escaped by %
    if not variables and "%" not in rv:
        return rv  # what `% {}` gives, without formatting (most strings of a page)
    return rv % variables  # type: ignore[no-any-return]


@pass_eval_context
def ngettext(
    __eval_ctx: EvalContext, __singular: str, __plural: str, __num: int, **variables: Any
) -> str:
    variables.setdefault("num", __num)
    rv = current_translations().ngettext(__singular, __plural, __num)
    if __eval_ctx.autoescape:
        rv = Markup(rv)  # nosec B704 - our catalogue (as Jinja does); variables escaped by %
    return rv % variables  # type: ignore[no-any-return]


def init_app(app: Flask) -> None:
    """After Flask-Babel's init_app, which installs its own (pgettext stays theirs)."""
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
