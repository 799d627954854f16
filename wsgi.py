"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from dotenv import load_dotenv

load_dotenv()

from marketplace import create_app  # noqa: E402 - .env must be loaded before settings are read

app = create_app()
