# make run: set up and serve the portal on http://127.0.0.1:8000/ (SQLite); installs the run-time lock only.
# make test: set up and run the whole suite (ruff, migrations check, pytest); installs the dev lock.
# make lock: regenerate the lock files in requirements/ from pyproject.toml (see docs/dependencies.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

# Lock files, with hashes: pip installs them as they are (no uv needed to install).
PIP_LOCK := requirements/pip.txt
RUN_LOCK := requirements/base.txt
DEV_LOCK := requirements/dev.txt
UV_LOCK := requirements/uv.txt
# Stamps: a target reinstalls only when its lock file is newer than its stamp.
VENV_STAMP := $(VENV)/.stamp-pip
RUN_STAMP := $(VENV)/.stamp-run
DEV_STAMP := $(VENV)/.stamp-dev
UV_STAMP := $(VENV)/.stamp-uv
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes
# make lock LOCK_ARGS=--upgrade (everything, within pyproject's bounds) or LOCK_ARGS="--upgrade-package NAME".
LOCK_ARGS ?=
# The lock holds for Python 3.11 and newer on any platform (markers where it differs).
UV_COMPILE = UV_CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/uv pip compile --quiet --universal \
	--python-version 3.11 --generate-hashes $(LOCK_ARGS)

.PHONY: install install-dev run migrate demo test lint lock messages serve-production clean

$(VENV_STAMP): $(PIP_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r $(PIP_LOCK)
	@mkdir -p var/static var/media
	@touch $@

$(RUN_STAMP): $(VENV_STAMP) $(RUN_LOCK)
	$(PIP_INSTALL) -r $(RUN_LOCK)
	@touch $@

$(DEV_STAMP): $(VENV_STAMP) $(RUN_LOCK) $(DEV_LOCK)
	$(PIP_INSTALL) -r $(DEV_LOCK)
	@touch $@

$(UV_STAMP): $(VENV_STAMP) $(UV_LOCK)
	$(PIP_INSTALL) -r $(UV_LOCK)
	@touch $@

# The run-time dependencies only.
install: $(RUN_STAMP)

# Run-time dependencies plus the test and lint tools (the `dev` extra).
install-dev: $(DEV_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST)

lint: install-dev
	$(BIN)/ruff check .

# The whole suite runs as two pytest processes side by side, one per core: the browser tests (mostly waiting on
# Chromium) and the rest; each has its own in-memory test database. The browser tests' report is printed after the
# rest's; the target fails if either does. With PYTEST_ARGS (a subset), one plain pytest run.
test: install-dev
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	@mkdir -p var
	@if [ -n "$(PYTEST_ARGS)" ]; then $(BIN)/python -m pytest $(PYTEST_ARGS); else \
	  $(BIN)/python -m pytest -m browser > var/browser-tests.log 2>&1 & browser=$$!; \
	  $(BIN)/python -m pytest -m "not browser"; rest=$$?; \
	  wait $$browser; browsers=$$?; echo "== browser tests"; cat var/browser-tests.log; \
	  [ $$rest -eq 0 ] && [ $$browsers -eq 0 ]; fi

# Resolves from pyproject.toml, keeping the versions already in the lock files unless LOCK_ARGS says otherwise.
# The dev lock is constrained by the run-time lock, so both pin the same versions.
lock: $(UV_STAMP)
	$(call compile,$(RUN_LOCK),pyproject.toml)
	$(call compile,$(DEV_LOCK),pyproject.toml --extra dev -c $(RUN_LOCK))
	$(call compile,$(PIP_LOCK),requirements/pip.in)
	$(call compile,$(UV_LOCK),requirements/uv.in)

# $(call compile,LOCK,INPUTS): a lock file whose content did not change keeps its date, so that no reinstall follows.
define compile
	@echo "uv pip compile $(2) -o $(1)"
	@cp -p $(1) $(1).old 2>/dev/null || true; \
	$(UV_COMPILE) $(2) -o $(1); status=$$?; \
	if cmp -s $(1) $(1).old; then touch -r $(1).old $(1); fi; rm -f $(1).old; exit $$status
endef

# Rebuild the catalogs after changing visible strings; the .mo files are committed so that
# a fresh machine needs no GNU gettext (see README). sync_wagtail_messages runs makemessages for the
# project's own strings, adds back every msgid of the installed Wagtail apps with its translation,
# merges the translators' JSON files found in $(TRANSLATIONS) (if any); the .mo files are then
# compiled with polib and the coverage is printed.
TRANSLATIONS ?= /tmp/translations
# Wagtail's first: where the project uses the same msgid (e.g. "Comment" on the public site), its wording wins.
TRANSLATION_FILES = $(sort $(wildcard $(TRANSLATIONS)/wagtail*.json)) \
	$(sort $(filter-out $(TRANSLATIONS)/wagtail%,$(wildcard $(TRANSLATIONS)/*.json)))
messages: install-dev
	$(BIN)/python manage.py sync_wagtail_messages --makemessages \
		$(foreach f,$(TRANSLATION_FILES),--from-json $(f))
	$(BIN)/python manage.py compile_catalogs
	$(BIN)/python manage.py i18n_coverage --summary || true

clean:
	rm -rf $(VENV) var/static *.egg-info
