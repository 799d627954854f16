"""A failing command says what went wrong in one line; the traceback only when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent.parent
OFFICIAL = ["accounts", "create-official", "--email", "a@congthuong.hanoi.gov.vn"]
OFFICIAL += ["--password", "mat-khau-can-bo"]
# The database stands in for any failure; one engine is enough.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def unreachable_database(make_app, tmp_path):
    """An app whose database file cannot be opened (its folder does not exist)."""
    return make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-folder' / 'm.db'}")


@sqlite_only
def test_an_unexpected_failure_is_one_error_line(unreachable_database, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("MARKETPLACE_DEBUG", raising=False)
    result = unreachable_database.test_cli_runner().invoke(args=OFFICIAL)
    assert result.exit_code == 1
    assert result.output == "Error: unable to open database file\n"


@sqlite_only
@pytest.mark.parametrize("variable", ["MARKETPLACE_DEBUG", "FLASK_DEBUG"])
def test_debug_shows_the_exception_with_its_traceback(unreachable_database, variable):
    result = unreachable_database.test_cli_runner().invoke(args=OFFICIAL, env={variable: "1"})
    assert result.exit_code == 1
    # The exception escapes the command, so the `flask` command prints its traceback.
    assert isinstance(result.exception, OperationalError)
    assert "Error:" not in result.output


@sqlite_only
def test_usage_errors_keep_clicks_own_message(app):
    result = app.test_cli_runner().invoke(args=["officials", "verify"])
    assert result.exit_code == 2
    assert "Usage: " in result.output
    assert "Missing argument 'TAX_CODE'" in result.output


def test_a_commands_own_error_message_is_kept(app, session):
    result = app.test_cli_runner().invoke(
        args=["officials", "verify", "0101234567", "--as", "nobody@example.vn"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert len(result.output.splitlines()) == 1


@sqlite_only
def test_commands_added_after_start_up_report_failures_too(app):
    @app.cli.command("explode")
    def explode() -> None:
        raise ValueError("the value was wrong")

    result = app.test_cli_runner().invoke(args=["explode"])
    assert (result.exit_code, result.output) == (1, "Error: the value was wrong\n")


def flask(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`flask --app wsgi ARGS` as an operator runs it, on a database it cannot open."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"FLASK_DEBUG", "MARKETPLACE_DEBUG"}
    }
    environment.update(
        INSTANCE_PATH=str(tmp_path / "instance"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-folder' / 'm.db'}",
        SEARCH_URL=f"whoosh:///{tmp_path / 'index'}",
        APP_ENV="development",
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_flask_command_prints_one_line_and_the_traceback_with_debug(tmp_path):
    plain = flask(["search", "check"], tmp_path)
    assert plain.returncode == 1
    assert plain.stderr == "Error: unable to open database file\n"

    debug = flask(["--debug", "search", "check"], tmp_path)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "sqlite3.OperationalError: unable to open database file" in debug.stderr


def test_a_bad_setting_on_the_command_line_is_one_error_line(tmp_path):
    result = flask(["search", "check"], tmp_path, APP_ENV="prod")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: APP_ENV='prod' is not a known environment; "
        "use one of: development, production, testing\n"
    )
