"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from dotenv import load_dotenv

load_dotenv()

from marketplace import create_app  # noqa: E402 - .env must be loaded before settings are read
from marketplace.cli_errors import creating_app  # noqa: E402

# On the command line a bad setting is one `Error: ...` line (traceback with --debug).
app = creating_app(create_app)
