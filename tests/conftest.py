"""Shared fixtures. Factories live in tests/factories.py."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests import factories

IN_CI = bool(os.environ.get("CI"))
ROOT = Path(__file__).resolve().parent.parent
_MIGRATED = {}


def require(condition, message):
    """Skip on a developer's laptop when something optional is missing; fail in CI, where nothing may skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI needs this, and it is missing: {message}")
    pytest.skip(message)


def page_queries(captured):
    """Queries made to build the page (the visit counter's own writes are measured in tests/stats)."""
    return len([q for q in captured.captured_queries if '"stats_' not in q["sql"]])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database; on SQLite, also a copy of it as the migrations left it, for the tests whose
    subprocesses need a migrated database file of their own (see `migrated_sqlite_file`)."""
    from django.db import connections

    default = connections["default"]
    if default.vendor == "sqlite":
        with django_db_blocker.unblock():
            default.ensure_connection()
            path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
            copy = sqlite3.connect(path)
            try:
                default.connection.backup(copy)
            finally:
                copy.close()
        _MIGRATED["sqlite"] = path
    yield


@pytest.fixture
def migrated_sqlite_file(tmp_path):
    """A SQLite file with every migration applied, for a `manage.py` subprocess (DATABASE_URL=sqlite:///<it>):
    a copy of the freshly migrated test database on SQLite, else (PostgreSQL runs) `manage.py migrate` makes it."""
    path = tmp_path / "migrated.sqlite3"
    if "sqlite" in _MIGRATED:
        shutil.copyfile(_MIGRATED["sqlite"], path)
        return path
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return path


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def category(home):
    return factories.category(home, "Xây dựng Đảng")


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Chromium is not installed (apt-get install chromium); browser tests skipped.")
    return path


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, threads, processes) flush the database afterwards; restore what
    the migrations put there (home page, Site, root collection, Wagtail's groups) for the tests after them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional and not (marker and marker.kwargs.get("serialized_rollback")):
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
