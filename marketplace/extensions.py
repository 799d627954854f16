"""Flask extensions, created unbound and initialised in create_app."""

from flask import current_app, has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

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
    """Vietnamese first: ?lang=, then the visitor's choice (session), then vi.
    Outside a request (CLI) the CLI_LOCALE setting applies."""
    if not has_request_context():
        return str(current_app.config.get("CLI_LOCALE", "en"))
    lang = request.args.get("lang")
    if lang in SUPPORTED_LOCALES:
        return lang
    chosen = session.get("lang")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    return "vi"
