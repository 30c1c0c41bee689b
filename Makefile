# make run: set up and serve the portal on http://127.0.0.1:8000/ (SQLite).
# make test: set up and run the whole suite (ruff, migrations check, pytest).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run migrate demo test lint messages serve-production clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@mkdir -p var/static var/media
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST)

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Rebuild the catalogs after changing visible strings; the .mo files are committed so that
# a fresh machine needs no GNU gettext (see README). sync_wagtail_messages runs makemessages for the
# project's own strings, adds back every msgid of the installed Wagtail apps with its translation,
# merges the translators' JSON files found in $(TRANSLATIONS) (if any); the .mo files are then
# compiled with polib and the coverage is printed.
TRANSLATIONS ?= /tmp/translations
# Wagtail's first: where the project uses the same msgid (e.g. "Comment" on the public site), its wording wins.
TRANSLATION_FILES = $(sort $(wildcard $(TRANSLATIONS)/wagtail*.json)) \
	$(sort $(filter-out $(TRANSLATIONS)/wagtail%,$(wildcard $(TRANSLATIONS)/*.json)))
messages: install
	$(BIN)/python manage.py sync_wagtail_messages --makemessages \
		$(foreach f,$(TRANSLATION_FILES),--from-json $(f))
	$(BIN)/python manage.py compile_catalogs
	$(BIN)/python manage.py i18n_coverage --summary || true

clean:
	rm -rf $(VENV) var/static *.egg-info
