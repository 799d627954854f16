"""Flask extensions, created unbound and initialised in create_app."""

from urllib.parse import parse_qs, urlsplit

from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.exc import SQLAlchemyError

SUPPORTED_LOCALES = ("vi", "en")

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()

# No inline scripts or styles: everything comes from /static.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def select_locale() -> str:
    """The page's language: ?lang=, then the visitor's choice (the language switch,
    kept in the session), then the signed-in user's saved language, then the browser's
    Accept-Language (Vietnamese or English, whichever it prefers), then Vietnamese.
    Outside a request (CLI) the CLI_LOCALE setting applies."""
    if not has_request_context():
        return str(current_app.config.get("CLI_LOCALE", "en"))
    lang = request.args.get("lang") or _lang_of_next()
    if lang in SUPPORTED_LOCALES:
        return lang
    # From here on the language depends on the cookie and the headers (i18n.vary).
    g.locale_negotiated = True
    chosen = session.get("lang")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    saved = _saved_locale()
    if saved in SUPPORTED_LOCALES:
        return str(saved)
    return request.accept_languages.best_match(SUPPORTED_LOCALES, default="vi")


def _lang_of_next() -> str | None:
    """The ?lang= of the page a login form leads back to (`next`): a link to
    `…?lang=vi` followed while logged out shows its log-in page in Vietnamese too."""
    following = request.args.get("next")
    if not following or "lang=" not in following:
        return None
    return parse_qs(urlsplit(following).query).get("lang", [None])[0]


def _saved_locale() -> str | None:
    """The signed-in user's saved language. Anonymous visitors cost no query, and an
    account that cannot be read (an error page while the database is down) has none."""
    if not session.get("_user_id"):
        return None
    try:
        return getattr(current_user, "locale", None) if current_user.is_authenticated else None
    except SQLAlchemyError:
        return None
