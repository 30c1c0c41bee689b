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
# a fresh machine needs no GNU gettext (see README).
messages: install
	$(BIN)/python manage.py makemessages -l vi --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py makemessages -l vi -d djangojs --ignore=.venv --ignore=var --ignore=static/vendor --no-obsolete
	$(BIN)/python manage.py compile_catalogs

clean:
	rm -rf $(VENV) var/static *.egg-info
