# The README's two commands: `make run` and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
MO := translations/vi/LC_MESSAGES/messages.mo
# Packages checked by mypy in `make lint`; add a package once it passes.
TYPED := marketplace/imports marketplace/registry marketplace/officials marketplace/share marketplace/audit marketplace/verification marketplace/notifications marketplace/i18n marketplace/accounts marketplace/quality marketplace/statistics marketplace/products marketplace/attachments marketplace/rfqs marketplace/inquiries marketplace/buyers marketplace/searches/params.py search/__init__.py search/lru.py search/stemming.py search/whoosh_schema.py search/whoosh_postings.py search/whoosh_scoring.py search/postgres_rows.py search/postgres_queries.py search/postgres_topk.py search/postgres_check.py marketplace/searches/certifications.py marketplace/searches/notes.py marketplace/api search/intent.py search/ranking.py search/fields.py search/spelling.py search/places.py marketplace/searches/fallback.py marketplace/indexing/lock.py marketplace/indexing/rebuild.py marketplace/searches/cards.py marketplace/main/links.py search/analysis.py marketplace/searches/result_rows.py
export FLASK_APP := wsgi

.PHONY: run test lint bench messages chromium wrk pdf-libs clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(RUNTIME_STAMP)

$(MO): translations/vi/LC_MESSAGES/messages.po $(RUNTIME_STAMP)
	$(BIN)/pybabel compile -d translations

run: $(RUNTIME_STAMP) $(MO) pdf-libs
	$(BIN)/alembic upgrade head
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask search reindex
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho -f Procfile.dev start

# Browser tests need Debian's Chromium (Playwright cannot download its own here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

# The pages benchmark drives gunicorn with Debian's wrk (a slower Python client without it).
wrk:
	@if ! command -v wrk >/dev/null && command -v apt-get >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

# The PDF report (WeasyPrint) needs Pango, HarfBuzz and a font with Vietnamese glyphs.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@if command -v apt-get >/dev/null && ! dpkg -s $(PDF_DEBS) >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(PDF_DEBS) >/dev/null; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r marketplace search wsgi.py
	$(BIN)/mypy $(TYPED)

test: $(DEV_STAMP) $(MO) chromium pdf-libs lint
	$(BIN)/pytest -n 2 --dist worksteal --durations=25

bench: $(RUNTIME_STAMP) $(MO) wrk
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/share_bench.py
	$(BIN)/python bench/pages_bench.py

# Re-extract messages after changing user-facing text; then translate new entries.
messages: $(DEV_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .
	$(BIN)/python scripts/fill_vi.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
